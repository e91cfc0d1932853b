import KaizenLoop
