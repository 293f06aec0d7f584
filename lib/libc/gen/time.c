/*	Petrel libc: gen/time.c -- UTC only: there is no time zone file. */
#include <sys/types.h>
#include <stdio.h>
#include <time.h>

static int
leap(long y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

struct tm *
gmtime_r(const time_t *tp, struct tm *tm)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	long days = (long)(*tp / 86400), secs = (long)(*tp % 86400), y = 1970;
	int m, dm;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	tm->tm_sec = (int)(secs % 60);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_wday = (int)(((days % 7) + 11) % 7);	/* 1970-01-01: Thu */
	while (days < 0) {
		y--;
		days += 365 + leap(y);
	}
	while (days >= 365 + leap(y)) {
		days -= 365 + leap(y);
		y++;
	}
	tm->tm_yday = (int)days;
	for (m = 0; m < 12; m++) {
		dm = mdays[m] + (m == 1 && leap(y));
		if (days < dm)
			break;
		days -= dm;
	}
	tm->tm_mon = m;
	tm->tm_mday = (int)days + 1;
	tm->tm_year = (int)(y - 1900);
	return tm;
}

/* "Wed Dec  2 00:57:46 2026" (no newline; buf holds 26 bytes). */
char *
asctime_r(const struct tm *tm, char *buf)
{
	static const char wday[] = "SunMonTueWedThuFriSat";
	static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	snprintf(buf, 26, "%.3s %.3s %2d %02d:%02d:%02d %d",
	    wday + 3 * tm->tm_wday, mon + 3 * tm->tm_mon, tm->tm_mday,
	    tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);
	return buf;
}
