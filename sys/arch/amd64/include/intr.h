#include <x86/intr.h>
