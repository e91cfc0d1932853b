// OpenBLAS's CBLAS interface. Debian's libopenblas-dev installs cblas.h on the
// multiarch include path through its alternatives.
#include <cblas.h>
