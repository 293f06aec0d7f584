/*	Petrel: x86/pte.h -- page table entry bits (amd64 and PAE).	*/
#ifndef _X86_PTE_H_
#define _X86_PTE_H_
#define PG_V		0x0000000000000001ULL	/* valid */
#define PG_RW		0x0000000000000002ULL	/* writable */
#define PG_u		0x0000000000000004ULL	/* user */
#define PG_WT		0x0000000000000008ULL
#define PG_N		0x0000000000000010ULL	/* non-cacheable */
#define PG_U		0x0000000000000020ULL	/* used (accessed) */
#define PG_M		0x0000000000000040ULL	/* modified */
#define PG_PS		0x0000000000000080ULL
#define PG_G		0x0000000000000100ULL
#define PG_NX		0x8000000000000000ULL
#define PG_FRAME	0x000ffffffffff000ULL
#define PG_KW		(PG_V | PG_RW | PG_U | PG_M)	/* kernel data */
#define PG_KR		(PG_V | PG_U)			/* kernel read-only */
#endif
