/*	Petrel: bin/ls/ls.c -- ls [-a] [-l] [dir ...]: names, sorted.
 *
 * -l adds each entry's type and inode number from getdents(2) (there is
 * no stat by name yet, so no sizes or modes).
 */
#include <sys/types.h>
#include <dirent.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ent {
	char		*name;
	uint64_t	 ino;
	int		 type;
};

static int aflag, lflag;

static int
byname(const void *a, const void *b)
{

	return strcmp(((const struct ent *)a)->name,
	    ((const struct ent *)b)->name);
}

static char
typechar(int t)
{

	switch (t) {
	case DT_DIR:	return 'd';
	case DT_REG:	return '-';
	case DT_LNK:	return 'l';
	case DT_CHR:	return 'c';
	case DT_BLK:	return 'b';
	case DT_FIFO:	return 'p';
	default:	return '?';
	}
}

static int
list(const char *dir, int header)
{
	char buf[4096];
	struct ent *ents = NULL, *ne;
	size_t n = 0, cap = 0, i;
	int fd, got, off;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1) {
		warn("%s", dir);
		return 1;
	}
	while ((got = getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < got; ) {
			struct dirent *d = (struct dirent *)(buf + off);

			if (d->d_reclen == 0 || off + d->d_reclen > got) {
				warnx("%s: bad directory record at %d",
				    dir, off);
				close(fd);
				return 1;
			}
			off += d->d_reclen;
			if (!aflag && d->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				if ((ne = realloc(ents, cap * sizeof(*ents))) ==
				    NULL)
					err(1, "malloc");
				ents = ne;
			}
			if ((ents[n].name = strdup(d->d_name)) == NULL)
				err(1, "malloc");
			ents[n].ino = d->d_fileno;
			ents[n].type = d->d_type;
			n++;
		}
	}
	if (got == -1) {
		warn("%s", dir);
		close(fd);
		return 1;
	}
	close(fd);
	qsort(ents, n, sizeof(*ents), byname);
	if (header)
		printf("%s:\n", dir);
	for (i = 0; i < n; i++) {
		if (lflag)
			printf("%c %8llu %s\n", typechar(ents[i].type),
			    (unsigned long long)ents[i].ino, ents[i].name);
		else
			printf("%s\n", ents[i].name);
		free(ents[i].name);
	}
	free(ents);
	return 0;
}

int
main(int argc, char **argv)
{
	int c, i, rv = 0;

	while ((c = getopt(argc, argv, "al")) != -1) {
		switch (c) {
		case 'a':
			aflag = 1;
			break;
		case 'l':
			lflag = 1;
			break;
		default:
			fprintf(stderr, "usage: ls [-al] [dir ...]\n");
			return 2;
		}
	}
	if (optind == argc)
		return list(".", 0);
	for (i = optind; i < argc; i++) {
		if (i > optind)
			putchar('\n');
		rv |= list(argv[i], argc - optind > 1);
	}
	return rv;
}
