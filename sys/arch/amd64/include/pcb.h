#include <x86/pcb.h>
