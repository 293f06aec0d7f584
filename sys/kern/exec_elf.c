/*	Petrel: kern/exec_elf.c -- checks a static ELF executable.
 *
 * The file is untrusted: it is read only through memcpy of whole
 * headers (it need not be aligned), every field is widened to 64 bits
 * and compared against the file's length or maxuser with the
 * subtraction on the side that cannot wrap, so no sum of two fields
 * is ever formed before it is known to fit.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/exec_elf.h>
#include <uvm/uvm_extern.h>

static int
elf_reject(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return ENOEXEC;
}

static int
elf_prot(uint32_t flags)
{
	int prot = VM_PROT_NONE;

	if (flags & PF_R)
		prot |= VM_PROT_READ;
	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Do [a, a + alen) and [b, b + blen), both non-empty, share a page? */
static bool
elf_pages_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	uint64_t afirst = a / PAGE_SIZE, alast = (a + (alen - 1)) / PAGE_SIZE;
	uint64_t bfirst = b / PAGE_SIZE, blast = (b + (blen - 1)) / PAGE_SIZE;

	return afirst <= blast && bfirst <= alast;
}

int
elf_parse(const void *img, size_t len, vaddr_t maxuser,
    struct elf_image *ei, char *why, size_t whylen)
{
	const char *file = img;
	Elf_Ehdr eh;
	Elf_Phdr ph;
	struct elf_seg *sg;
	uint64_t flen = len, fmax = maxuser;
	uint64_t off, filesz, vaddr, memsz, entry;
	int i, j, nload;
	bool entry_ok;

	memset(ei, 0, sizeof(*ei));
	if (why != NULL && whylen > 0)
		why[0] = '\0';

	if (len < SELFMAG || memcmp(file, ELFMAG, SELFMAG) != 0)
		return elf_reject(why, whylen, "not ELF");
	if (len < sizeof(eh))
		return elf_reject(why, whylen,
		    "file header does not fit (%zu bytes)", len);
	memcpy(&eh, file, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELF_TARG_CLASS)
		return elf_reject(why, whylen, "not a %d-bit ELF (class %u)",
		    ELFSIZE, eh.e_ident[EI_CLASS]);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_reject(why, whylen, "not little endian (data %u)",
		    eh.e_ident[EI_DATA]);
	if (eh.e_ident[EI_VERSION] != EV_CURRENT || eh.e_version != EV_CURRENT)
		return elf_reject(why, whylen, "unknown ELF version %u",
		    (unsigned)eh.e_version);
	if (eh.e_machine != ELF_TARG_MACH)
		return elf_reject(why, whylen,
		    "not for this machine (e_machine %u, want %u)",
		    eh.e_machine, ELF_TARG_MACH);
	if (eh.e_type != ET_EXEC)
		return elf_reject(why, whylen,
		    "not a static executable (e_type %u)", eh.e_type);
	if (eh.e_ehsize < sizeof(eh))
		return elf_reject(why, whylen, "e_ehsize %u too small",
		    eh.e_ehsize);
	if (eh.e_phentsize != sizeof(ph))
		return elf_reject(why, whylen, "e_phentsize %u, want %zu",
		    eh.e_phentsize, sizeof(ph));
	if (eh.e_phnum == 0 || eh.e_phnum == PN_XNUM)
		return elf_reject(why, whylen, "e_phnum %u not usable",
		    eh.e_phnum);
	/* At most 0xfffe * 56 bytes: the product cannot wrap. */
	off = eh.e_phoff;
	if (off > flen || (uint64_t)eh.e_phnum * sizeof(ph) > flen - off)
		return elf_reject(why, whylen,
		    "program headers outside the file");

	nload = 0;
	for (i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, file + (size_t)off + (size_t)i * sizeof(ph),
		    sizeof(ph));
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return elf_reject(why, whylen,
			    "not a static executable (segment %d is %s)", i,
			    ph.p_type == PT_INTERP ? "PT_INTERP" :
			    "PT_DYNAMIC");
		if (ph.p_type != PT_LOAD)
			continue;
		if (nload == ELF_MAXSEG)
			return elf_reject(why, whylen,
			    "more than %d loadable segments", ELF_MAXSEG);
		filesz = ph.p_filesz;
		memsz = ph.p_memsz;
		vaddr = ph.p_vaddr;
		if (memsz == 0)
			return elf_reject(why, whylen,
			    "segment %d is empty", i);
		if (filesz > memsz)
			return elf_reject(why, whylen,
			    "segment %d: filesz above memsz", i);
		if (ph.p_offset > flen || filesz > flen - ph.p_offset)
			return elf_reject(why, whylen,
			    "segment %d outside the file", i);
		if (vaddr < PAGE_SIZE)
			return elf_reject(why, whylen,
			    "segment %d maps page 0", i);
		if (memsz > fmax || vaddr > fmax - memsz)
			return elf_reject(why, whylen,
			    "segment %d outside the user address space", i);
		if (vaddr % PAGE_SIZE != ph.p_offset % PAGE_SIZE)
			return elf_reject(why, whylen,
			    "segment %d: vaddr and offset differ within a page",
			    i);
		for (j = 0; j < nload; j++) {
			sg = &ei->seg[j];
			if (elf_pages_overlap(vaddr, memsz, sg->vaddr,
			    sg->memsz))
				return elf_reject(why, whylen,
				    "segment %d overlaps an earlier one", i);
		}
		/* Each value is at most len or maxuser: they fit. */
		sg = &ei->seg[nload++];
		sg->vaddr = (vaddr_t)vaddr;
		sg->memsz = (size_t)memsz;
		sg->offset = (size_t)ph.p_offset;
		sg->filesz = (size_t)filesz;
		sg->prot = elf_prot(ph.p_flags);
	}
	if (nload == 0)
		return elf_reject(why, whylen, "no loadable segment");

	entry = eh.e_entry;
	entry_ok = false;
	for (j = 0; j < nload; j++) {
		sg = &ei->seg[j];
		if ((sg->prot & VM_PROT_EXECUTE) && entry >= sg->vaddr &&
		    entry - sg->vaddr < sg->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return elf_reject(why, whylen,
		    "entry 0x%llx not in an executable segment",
		    (unsigned long long)entry);
	ei->entry = (vaddr_t)entry;
	ei->nseg = nload;
	return 0;
}
