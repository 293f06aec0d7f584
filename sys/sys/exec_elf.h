/*	Petrel: sys/exec_elf.h -- ELF headers and the executable parser.
 *
 * Only what a loader of static executables needs: the file header and
 * program headers of both classes, with NetBSD's names.  ELFSIZE is
 * the class the kernel loads: its own machine's (64 on amd64, 32 on
 * i386), unless defined before (the host fuzzers build both).
 */
#ifndef _SYS_EXEC_ELF_H_
#define _SYS_EXEC_ELF_H_

#include <sys/types.h>

typedef uint32_t	Elf32_Addr;
typedef uint32_t	Elf32_Off;
typedef uint16_t	Elf32_Half;
typedef uint32_t	Elf32_Word;
typedef uint64_t	Elf64_Addr;
typedef uint64_t	Elf64_Off;
typedef uint16_t	Elf64_Half;
typedef uint32_t	Elf64_Word;
typedef uint64_t	Elf64_Xword;

#define EI_NIDENT	16
#define EI_MAG0		0
#define EI_MAG1		1
#define EI_MAG2		2
#define EI_MAG3		3
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EI_OSABI	7
#define ELFMAG0		0x7f
#define ELFMAG1		'E'
#define ELFMAG2		'L'
#define ELFMAG3		'F'
#define ELFMAG		"\177ELF"
#define SELFMAG		4
#define ELFCLASSNONE	0
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ELFDATA2MSB	2
#define EV_CURRENT	1

#define ET_NONE		0
#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3
#define ET_CORE		4

#define EM_386		3
#define EM_X86_64	62

#define PN_XNUM		0xffff	/* e_phnum escape: count elsewhere */

#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define PT_SHLIB	5
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551

#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

typedef struct {
	unsigned char	e_ident[EI_NIDENT];
	Elf32_Half	e_type;
	Elf32_Half	e_machine;
	Elf32_Word	e_version;
	Elf32_Addr	e_entry;
	Elf32_Off	e_phoff;
	Elf32_Off	e_shoff;
	Elf32_Word	e_flags;
	Elf32_Half	e_ehsize;
	Elf32_Half	e_phentsize;
	Elf32_Half	e_phnum;
	Elf32_Half	e_shentsize;
	Elf32_Half	e_shnum;
	Elf32_Half	e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	unsigned char	e_ident[EI_NIDENT];
	Elf64_Half	e_type;
	Elf64_Half	e_machine;
	Elf64_Word	e_version;
	Elf64_Addr	e_entry;
	Elf64_Off	e_phoff;
	Elf64_Off	e_shoff;
	Elf64_Word	e_flags;
	Elf64_Half	e_ehsize;
	Elf64_Half	e_phentsize;
	Elf64_Half	e_phnum;
	Elf64_Half	e_shentsize;
	Elf64_Half	e_shnum;
	Elf64_Half	e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	Elf32_Word	p_type;
	Elf32_Off	p_offset;
	Elf32_Addr	p_vaddr;
	Elf32_Addr	p_paddr;
	Elf32_Word	p_filesz;
	Elf32_Word	p_memsz;
	Elf32_Word	p_flags;
	Elf32_Word	p_align;
} Elf32_Phdr;

typedef struct {
	Elf64_Word	p_type;
	Elf64_Word	p_flags;
	Elf64_Off	p_offset;
	Elf64_Addr	p_vaddr;
	Elf64_Addr	p_paddr;
	Elf64_Xword	p_filesz;
	Elf64_Xword	p_memsz;
	Elf64_Xword	p_align;
} Elf64_Phdr;

_Static_assert(sizeof(Elf32_Ehdr) == 52, "ELF layout");
_Static_assert(sizeof(Elf64_Ehdr) == 64, "ELF layout");
_Static_assert(sizeof(Elf32_Phdr) == 32, "ELF layout");
_Static_assert(sizeof(Elf64_Phdr) == 56, "ELF layout");

#ifndef ELFSIZE
#ifdef __x86_64__
#define ELFSIZE		64
#else
#define ELFSIZE		32
#endif
#endif

#if ELFSIZE == 64
typedef Elf64_Ehdr	Elf_Ehdr;
typedef Elf64_Phdr	Elf_Phdr;
#define ELF_TARG_CLASS	ELFCLASS64
#define ELF_TARG_MACH	EM_X86_64
#elif ELFSIZE == 32
typedef Elf32_Ehdr	Elf_Ehdr;
typedef Elf32_Phdr	Elf_Phdr;
#define ELF_TARG_CLASS	ELFCLASS32
#define ELF_TARG_MACH	EM_386
#else
#error "ELFSIZE must be 32 or 64"
#endif

/*
 * elf_parse: what execve maps.  Each loadable segment is inside the
 * file, inside [PAGE_SIZE, maxuser), at the same offset in a page as
 * in the file, and no two share a page; the entry is in an executable
 * one.  prot is VM_PROT_* from p_flags.
 */
#define ELF_MAXSEG	8

struct elf_seg {
	vaddr_t		 vaddr;
	size_t		 memsz;
	size_t		 offset;
	size_t		 filesz;
	int		 prot;
};

struct elf_image {
	vaddr_t		 entry;
	int		 nseg;
	struct elf_seg	 seg[ELF_MAXSEG];
};

/* 0, or ENOEXEC with the reason in why (if not NULL). */
int	elf_parse(const void *, size_t, vaddr_t, struct elf_image *, char *,
	    size_t);

#endif /* _SYS_EXEC_ELF_H_ */
