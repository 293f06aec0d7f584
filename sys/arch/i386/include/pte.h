#include <x86/pte.h>
