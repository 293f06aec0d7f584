#include <x86/pmap.h>
