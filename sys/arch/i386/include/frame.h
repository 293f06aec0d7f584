/*	Petrel: i386 machine/frame.h -- what alltraps saves.	*/
#ifndef _I386_FRAME_H_
#define _I386_FRAME_H_
struct trapframe {
	uint32_t tf_edi, tf_esi, tf_ebp, tf_isp, tf_ebx, tf_edx, tf_ecx,
	    tf_eax;
	uint32_t tf_gs, tf_fs, tf_es, tf_ds;	/* the user's, from user mode */
	uint32_t tf_trapno, tf_err;
	uint32_t tf_eip, tf_cs, tf_eflags;
	uint32_t tf_esp, tf_ss;		/* only in a frame from user mode */
};
/* The frame of a trap from kernel mode ends before tf_esp. */
#define TF_KERNEL_SIZE	__offsetof(struct trapframe, tf_esp)
#define TF_PC(tf)	((tf)->tf_eip)
#define TF_FP(tf)	((tf)->tf_ebp)
#endif
