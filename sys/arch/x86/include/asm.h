/*	Petrel: x86/asm.h -- assembler helpers.	*/
#ifndef _X86_ASM_H_
#define _X86_ASM_H_

#define ENTRY(name)	.globl name; .type name,@function; .p2align 4; name:
#define END(name)	.size name, . - name

/*
 * One Xen ELF note (see xen/public/elfnote.h): the loader reads these
 * to learn where we start, where the hypercall page goes, and so on.
 */
#define ELFNOTE(type, desctype, descdata)			\
	.pushsection .note.Xen, "a", @note;			\
	.p2align 2;						\
	.long 2f - 1f;						\
	.long 4f - 3f;						\
	.long type;						\
1:	.asciz "Xen";						\
2:	.p2align 2;						\
3:	desctype descdata;					\
4:	.p2align 2;						\
	.popsection

#endif
