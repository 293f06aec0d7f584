/*	Petrel libc: arch/amd64/crt0.S -- process entry.
 *
 * The kernel leaves %rsp at argc, then argv[], NULL, envp[], NULL, auxv;
 * the C part reads them from that pointer.  %rbp = 0 ends a backtrace.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp		/* the ABI's alignment at a call */
	call	__start_c
	hlt				/* not reached: __start_c exits */
	.size	_start, . - _start
	.section .note.GNU-stack, "", @progbits
