/*	Petrel libc: arch/i386/crt0.S -- process entry.
 *
 * %esp points at argc, then argv[], NULL, envp[], NULL, auxv; the C part
 * gets that pointer as its argument on a 16-byte aligned stack.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movl	%esp, %eax
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	__start_c
	hlt
	.size	_start, . - _start
	.section .note.GNU-stack, "", @progbits
