/*	Petrel: kern/subr_prf.c -- printf(9), panic(9), aprint(9).	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/reboot.h>
#include <sys/cpu.h>

struct putter {
	void	(*put)(struct putter *, int);
	char	*buf;
	size_t	 len, cap;
};

static void
put_cons(struct putter *p, int c)
{
	cnputc(c);
	p->len++;
}

static void
put_buf(struct putter *p, int c)
{
	if (p->len + 1 < p->cap)
		p->buf[p->len] = c;
	p->len++;
}

static void
put_num(struct putter *p, unsigned long long v, int base, bool neg,
    bool upper, int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, pad;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	pad = width - n - (neg ? 1 : 0);
	if (!left && !zero)
		for (; pad > 0; pad--)
			p->put(p, ' ');
	if (neg)
		p->put(p, '-');
	if (!left && zero)
		for (; pad > 0; pad--)
			p->put(p, '0');
	while (n > 0)
		p->put(p, tmp[--n]);
	for (; left && pad > 0; pad--)
		p->put(p, ' ');
}

/*
 * The formatter behind every printf: %d %i %u %x %X %o %p %s %c %%.
 *
 * Long on purpose: one pass over the format, a state machine read best
 * whole.  A conversion's flags, width and length are gathered character
 * by character and used by the character that ends it; split, they
 * would travel in a structure between functions for no gain.
 */
static void
kformat(struct putter *p, const char *fmt, va_list ap)
{
	for (; *fmt != '\0'; fmt++) {
		bool zero = false, left = false, upper = false, alt = false;
		int width = 0, prec = -1, lng = 0;
		unsigned long long uv;
		long long sv;
		const char *s;
		int base;

		if (*fmt != '%') {
			p->put(p, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt != ' ' && *fmt != '+')
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		} else
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't')
				lng = 1;	/* size_t is a long's size */
			else if (*fmt == 'j')
				lng = 2;
			else if (*fmt != 'h')
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = lng >= 2 ? va_arg(ap, long long) :
			    lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			put_num(p, sv < 0 ? -(unsigned long long)sv : sv, 10,
			    sv < 0, false, width, zero, left);
			break;
		case 'X':
			upper = true;
			/* FALLTHROUGH */
		case 'x':
		case 'u':
		case 'o':
			base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			if (alt && base == 16) {
				p->put(p, '0');
				p->put(p, 'x');
			}
			uv = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng == 1 ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			put_num(p, uv, base, false, upper, width, zero, left);
			break;
		case 'p':
			p->put(p, '0');
			p->put(p, 'x');
			put_num(p, (uintptr_t)va_arg(ap, void *), 16, false,
			    false, width, zero, left);
			break;
		case 'c':
			p->put(p, va_arg(ap, int));
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			{
				int n = 0;
				while (s[n] != '\0' && (prec < 0 || n < prec))
					n++;
				for (width -= n; !left && width > 0; width--)
					p->put(p, ' ');
				while (n-- > 0)
					p->put(p, *s++);
				for (; left && width > 0; width--)
					p->put(p, ' ');
			}
			break;
		case '%':
			p->put(p, '%');
			break;
		case '\0':
			return;
		default:
			p->put(p, '%');
			p->put(p, *fmt);
			break;
		}
	}
}

int
vprintf(const char *fmt, va_list ap)
{
	struct putter p = { put_cons, NULL, 0, 0 };
	int s;

	s = cons_lock();
	kformat(&p, fmt, ap);
	cons_unlock(s);
	return p.len;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct putter p = { put_buf, buf, 0, size };

	kformat(&p, fmt, ap);
	if (size > 0)
		buf[MIN(p.len, size - 1)] = '\0';
	return p.len;
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

static volatile int panicking;

void
vpanic(const char *fmt, va_list ap)
{
	/* A second panic (from another CPU or from printing) just stops. */
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST) != 0) {
		cpu_halt_self();
	}
	cons_lock_break();
	printf("panic: ");
	vprintf(fmt, ap);
	printf("\n");
	cpu_panic_stop();
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}

/* aprint(9): autoconfiguration messages filtered by the boot flags. */
static int aprint_errors;

#define APRINT_BODY(show) do {						\
	va_list ap;							\
	if (!(show))							\
		return;							\
	va_start(ap, fmt);						\
	vprintf(fmt, ap);						\
	va_end(ap);							\
} while (0)

void
aprint_normal(const char *fmt, ...)
{
	APRINT_BODY((boothowto & RB_QUIET) == 0);
}

void
aprint_naive(const char *fmt, ...)
{
	APRINT_BODY(false);
}

void
aprint_verbose(const char *fmt, ...)
{
	APRINT_BODY((boothowto & (RB_VERBOSE | RB_DEBUG)) != 0);
}

void
aprint_debug(const char *fmt, ...)
{
	APRINT_BODY((boothowto & RB_DEBUG) != 0);
}

void
aprint_error(const char *fmt, ...)
{
	aprint_errors++;
	APRINT_BODY(true);
}

int
aprint_get_error_count(void)
{
	return aprint_errors;
}

#define APRINT_DEV_BODY(show) do {					\
	va_list ap;							\
	if (!(show))							\
		return;							\
	printf("%s: ", device_xname(dev));				\
	va_start(ap, fmt);						\
	vprintf(fmt, ap);						\
	va_end(ap);							\
} while (0)

void
aprint_normal_dev(device_t dev, const char *fmt, ...)
{
	APRINT_DEV_BODY((boothowto & RB_QUIET) == 0);
}

void
aprint_verbose_dev(device_t dev, const char *fmt, ...)
{
	APRINT_DEV_BODY((boothowto & (RB_VERBOSE | RB_DEBUG)) != 0);
}

void
aprint_error_dev(device_t dev, const char *fmt, ...)
{
	aprint_errors++;
	APRINT_DEV_BODY(true);
}
