from proto import *
import time
ext6 = mine('/tmp/lrat/ext6.jsonl'); print(len(ext6), flush=True)
t=time.time(); print('ext6 nomask', cv(ext6, kind='full_both', mask_same=False), round(time.time()-t,1),'s', flush=True)
