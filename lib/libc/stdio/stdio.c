/*	Petrel libc: stdio/stdio.c -- stdin, stdout, stderr and printf.
 *
 * stdout is fully buffered and flushed by exit(), by fflush(), when the
 * buffer fills, and before a read from stdin (so a prompt shows); stderr
 * is unbuffered.  Only the three standard streams exist.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

FILE __sF[3] = {
	{ .fd = 0 },
	{ .fd = 1 },
	{ .fd = 2, .flags = __SNBF },
};

int
fflush(FILE *f)
{
	int off = 0;
	ssize_t n;

	if (f == NULL) {
		fflush(stdout);
		return fflush(stderr);
	}
	if (f->fd == 0)
		return 0;
	while (off < f->len) {
		n = write(f->fd, f->buf + off, (size_t)(f->len - off));
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			f->flags |= __SERR;
			f->len = 0;
			return EOF;
		}
		off += (int)n;
	}
	f->len = 0;
	return 0;
}

static int
putbytes(FILE *f, const char *s, size_t n)
{
	size_t room;

	if (f->flags & __SNBF) {
		while (n > 0) {
			ssize_t w = write(f->fd, s, n);

			if (w <= 0) {
				f->flags |= __SERR;
				return EOF;
			}
			s += w;
			n -= (size_t)w;
		}
		return 0;
	}
	while (n > 0) {
		room = sizeof(f->buf) - (size_t)f->len;
		if (room > n)
			room = n;
		memcpy(f->buf + f->len, s, room);
		f->len += (int)room;
		s += room;
		n -= room;
		if (f->len == (int)sizeof(f->buf) && fflush(f) == EOF)
			return EOF;
	}
	if ((f->flags & __SLBF) && f->len > 0 && f->buf[f->len - 1] == '\n')
		return fflush(f);
	return 0;
}

int
fputc(int c, FILE *f)
{
	char ch = (char)c;

	return putbytes(f, &ch, 1) == EOF ? EOF : (unsigned char)c;
}

int
putchar(int c)
{

	return fputc(c, stdout);
}

int
fputs(const char *s, FILE *f)
{

	return putbytes(f, s, strlen(s));
}

int
puts(const char *s)
{

	if (fputs(s, stdout) == EOF)
		return EOF;
	return fputc('\n', stdout) == EOF ? EOF : 0;
}

int
fgetc(FILE *f)
{
	ssize_t n;

	if (f->pos < f->len)
		return (unsigned char)f->buf[f->pos++];
	if (f->flags & (__SEOF | __SERR))
		return EOF;
	fflush(stdout);
	for (;;) {
		n = read(f->fd, f->buf, sizeof(f->buf));
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (n <= 0) {
		f->flags |= n == 0 ? __SEOF : __SERR;
		return EOF;
	}
	f->len = (int)n;
	f->pos = 1;
	return (unsigned char)f->buf[0];
}

int
getchar(void)
{

	return fgetc(stdin);
}

/* A line of at most size - 1 bytes, with its newline; NULL at end of file. */
char *
fgets(char *buf, int size, FILE *f)
{
	int i = 0, c;

	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		if ((c = fgetc(f)) == EOF)
			break;
		buf[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	buf[i] = '\0';
	return buf;
}

int
ferror(FILE *f)
{

	return (f->flags & __SERR) != 0;
}

int
feof(FILE *f)
{

	return (f->flags & __SEOF) != 0;
}

/* ---- the formatter -------------------------------------------------- */

struct sink {
	FILE	*f;		/* a stream, or NULL for a buffer */
	char	*buf;
	size_t	 size;		/* buffer bytes, the NUL included */
	size_t	 n;		/* bytes produced so far */
};

static void
emit(struct sink *k, const char *s, size_t n)
{
	size_t c;

	if (k->f != NULL)
		putbytes(k->f, s, n);
	else if (k->n + 1 < k->size) {
		c = k->size - 1 - k->n;
		if (c > n)
			c = n;
		memcpy(k->buf + k->n, s, c);
	}
	k->n += n;
}

static void
pad(struct sink *k, char c, int n)
{

	while (n-- > 0)
		emit(k, &c, 1);
}

static int
format(struct sink *k, const char *fmt, va_list ap)
{
	char tmp[32], *p;
	const char *s;
	unsigned long long u;
	int left, zero, alt, width, prec, lng, neg, base, upper, len;
	size_t sl;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			s = fmt;
			while (fmt[1] != '\0' && fmt[1] != '%')
				fmt++;
			emit(k, s, (size_t)(fmt - s + 1));
			continue;
		}
		fmt++;
		left = zero = alt = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else if (*fmt == '#')
				alt = 1;
			else
				break;
		}
		width = 0;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = 1;
				width = -width;
			}
			fmt++;
		} else
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + *fmt++ - '0';
		prec = -1;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + *fmt++ - '0';
		}
		lng = 0;
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		if (*fmt == 'z') {
			lng = sizeof(size_t) == sizeof(long) ? 1 : 0;
			fmt++;
		}
		neg = 0;
		base = 10;
		upper = 0;
		switch (*fmt) {
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			s = tmp;
			sl = 1;
			goto string;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			sl = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
		string:
			if (!left)
				pad(k, ' ', width - (int)sl);
			emit(k, s, sl);
			if (left)
				pad(k, ' ', width - (int)sl);
			continue;
		case 'd':
		case 'i':
			if (lng >= 2) {
				long long v = va_arg(ap, long long);

				neg = v < 0;
				u = neg ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;
			} else {
				long v = lng ? va_arg(ap, long) :
				    va_arg(ap, int);

				neg = v < 0;
				u = neg ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;
			}
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			base = 16;
			emit(k, "0x", 2);
			width -= 2;
			break;
		case 'X':
			upper = 1;
			/* FALLTHROUGH */
		case 'x':
			base = 16;
			/* FALLTHROUGH */
		case 'u':
			if (lng >= 2)
				u = va_arg(ap, unsigned long long);
			else if (lng)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			break;
		case 'o':
			base = 8;
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			break;
		case '%':
			emit(k, "%", 1);
			continue;
		case '\0':
			fmt--;
			continue;
		default:
			emit(k, "%", 1);
			emit(k, fmt, 1);
			continue;
		}
		p = tmp + sizeof(tmp);
		do {
			int d = (int)(u % (unsigned)base);

			*--p = (char)(d < 10 ? '0' + d :
			    (upper ? 'A' : 'a') + d - 10);
		} while ((u /= (unsigned)base) != 0);
		if (alt && base == 16 && *fmt != 'p' &&
		    !(p[0] == '0' && p + 1 == tmp + sizeof(tmp))) {
			*--p = upper ? 'X' : 'x';
			*--p = '0';
		}
		len = (int)(tmp + sizeof(tmp) - p) + neg;
		if (left) {
			if (neg)
				emit(k, "-", 1);
			emit(k, p, (size_t)(len - neg));
			pad(k, ' ', width - len);
		} else if (zero) {
			if (neg)
				emit(k, "-", 1);
			pad(k, '0', width - len);
			emit(k, p, (size_t)(len - neg));
		} else {
			pad(k, ' ', width - len);
			if (neg)
				emit(k, "-", 1);
			emit(k, p, (size_t)(len - neg));
		}
	}
	return (int)k->n;
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct sink k = { .f = f };
	int n;

	n = format(&k, fmt, ap);
	return ferror(f) ? -1 : n;
}

int
vprintf(const char *fmt, va_list ap)
{

	return vfprintf(stdout, fmt, ap);
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink k = { .buf = buf, .size = size };
	int n;

	n = format(&k, fmt, ap);
	if (size > 0)
		buf[k.n < size ? k.n : size - 1] = '\0';
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
dprintf(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

void
perror(const char *s)
{
	int e = errno;

	fflush(stdout);
	if (s != NULL && *s != '\0')
		fprintf(stderr, "%s: ", s);
	fprintf(stderr, "%s\n", strerror(e));
}
