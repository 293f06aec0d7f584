/*	Petrel libc: ctype.h -- ASCII only.	*/
#ifndef _CTYPE_H_
#define _CTYPE_H_

#define	isdigit(c)	((unsigned)(c) - '0' < 10)
#define	isspace(c)	((c) == ' ' || ((unsigned)(c) - '\t' < 5))
#define	isalpha(c)	(((unsigned)(c) | 32) - 'a' < 26)
#define	isalnum(c)	(isalpha(c) || isdigit(c))
#define	isprint(c)	((unsigned)(c) - ' ' < 95)
#define	isxdigit(c)	(isdigit(c) || ((unsigned)(c) | 32) - 'a' < 6)

#endif /* !_CTYPE_H_ */
