/*	Petrel: amd64 machine/frame.h -- what alltraps saves.	*/
#ifndef _AMD64_FRAME_H_
#define _AMD64_FRAME_H_
struct trapframe {
	uint64_t tf_r15, tf_r14, tf_r13, tf_r12, tf_r11, tf_r10, tf_r9, tf_r8;
	uint64_t tf_rbp, tf_rdi, tf_rsi, tf_rdx, tf_rcx, tf_rbx, tf_rax;
	uint64_t tf_trapno, tf_err;
	uint64_t tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};
#define TF_PC(tf)	((tf)->tf_rip)
#define TF_FP(tf)	((tf)->tf_rbp)
#endif
