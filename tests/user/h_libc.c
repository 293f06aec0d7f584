/*	Petrel: tests/user/h_libc.c -- libc checks run by t_userland.
 *
 * h_libc printf: one line per format, compared by the test with what it
 * must be.  h_libc malloc: allocates and frees blocks of many sizes,
 * checks their contents and prints "malloc ok N".  h_libc fork: a child
 * writes its copy of a variable; prints what the parent sees.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
t_printf(void)
{
	char buf[8];
	int n;

	printf("[%d] [%5d] [%-5d] [%05d] [%d]\n", 42, 42, 42, -42,
	    -2147483647 - 1);
	printf("[%u] [%x] [%X] [%lx] [%ld] [%lu]\n", 4000000000U, 0xbeefU,
	    0xbeefU, 0xdeadbeefUL, -1L, 4000000000UL);
	printf("[%llu] [%lld] [%llx]\n", 18446744073709551615ULL,
	    -9223372036854775807LL - 1, 0x1122334455667788ULL);
	printf("[%s] [%8s] [%-8s] [%.2s] [%c] [%%]\n", "abc", "abc", "abc",
	    "abc", 'z');
	printf("[%p] [%zu] [%#x] [%#lx] [%#x]\n", (void *)0x1000, (size_t)77,
	    0xabU, 0x802c6300UL, 0U);
	n = snprintf(buf, sizeof(buf), "%s", "truncated");
	printf("[%s] [%d]\n", buf, n);
	return 0;
}

static int
t_malloc(void)
{
	enum { N = 200 };
	unsigned char *p[N];
	size_t sz[N], i, j;

	for (i = 0; i < N; i++) {
		sz[i] = (i * 37) % 9000 + 1;
		if ((p[i] = malloc(sz[i])) == NULL) {
			printf("malloc %zu: %s\n", sz[i], strerror(errno));
			return 1;
		}
		if (((uintptr_t)p[i] & 15) != 0) {
			printf("malloc %zu: %p not 16-byte aligned\n", sz[i],
			    (void *)p[i]);
			return 1;
		}
		memset(p[i], (int)i, sz[i]);
	}
	for (i = 0; i < N; i++)
		for (j = 0; j < sz[i]; j++)
			if (p[i][j] != (unsigned char)i) {
				printf("block %zu byte %zu: %u\n", i, j,
				    p[i][j]);
				return 1;
			}
	for (i = 0; i < N; i += 2)
		free(p[i]);
	for (i = 0; i < N; i += 2)
		if ((p[i] = calloc(1, sz[i])) == NULL || p[i][sz[i] - 1] != 0) {
			printf("calloc %zu failed\n", sz[i]);
			return 1;
		}
	printf("malloc ok %d\n", N);
	return 0;
}

static int
t_fork(void)
{
	static volatile int shared = 1;
	pid_t pid;
	int st;

	if ((pid = fork()) == -1) {
		printf("fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		shared = 2;
		_exit(shared == 2 ? 7 : 8);
	}
	if (waitpid(pid, &st, 0) != pid) {
		printf("waitpid: %s\n", strerror(errno));
		return 1;
	}
	printf("child status %d, parent sees %d, ppid ok %d\n",
	    WIFEXITED(st) ? WEXITSTATUS(st) : -1, shared, getppid() != pid);
	return 0;
}

int
main(int argc, char **argv)
{

	if (argc == 2 && strcmp(argv[1], "printf") == 0)
		return t_printf();
	if (argc == 2 && strcmp(argv[1], "malloc") == 0)
		return t_malloc();
	if (argc == 2 && strcmp(argv[1], "fork") == 0)
		return t_fork();
	fprintf(stderr, "usage: h_libc printf | malloc | fork\n");
	return 2;
}
