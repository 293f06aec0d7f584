/*	Petrel: bin/cat/cat.c -- cat [file ...]; "-" or none is stdin.	*/
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int
copy(int fd, const char *name)
{
	char buf[4096];
	ssize_t n, off, w;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			warn("%s", name);
			return 1;
		}
		for (off = 0; off < n; off += w)
			if ((w = write(1, buf + off, (size_t)(n - off))) <= 0) {
				warn("stdout");
				return 1;
			}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int i, fd, rv = 0;

	if (argc < 2)
		return copy(0, "stdin");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			rv |= copy(0, "stdin");
			continue;
		}
		if ((fd = open(argv[i], O_RDONLY)) == -1) {
			warn("%s", argv[i]);
			rv = 1;
			continue;
		}
		rv |= copy(fd, argv[i]);
		close(fd);
	}
	return rv;
}
