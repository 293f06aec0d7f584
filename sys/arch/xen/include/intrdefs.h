/*	Petrel: xen/intrdefs.h -- the kinds of IPI one event channel carries.	*/
#ifndef _XEN_INTRDEFS_H_
#define _XEN_INTRDEFS_H_
#define XEN_IPI_KICK	0x01	/* just wake it (out of SCHEDOP_block) */
#define XEN_IPI_HALT	0x02	/* stop the CPU */
#define XEN_IPI_XCALL	0x04	/* run the pending cross-call */
#define XEN_IPI_DDB	0x08	/* report state (debugger entry) */
#define XEN_IPI_PING	0x10	/* tests: answer the sender */
#define XEN_NIPIS	5
#define XEN_IPI_NAMES	{ "kick", "halt", "xcall", "ddb", "ping" }
#endif
