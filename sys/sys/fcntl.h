/*	Petrel: sys/fcntl.h -- open(2) flags, NetBSD's values.	*/
#ifndef _SYS_FCNTL_H_
#define _SYS_FCNTL_H_

#define O_RDONLY	0x00000000
#define O_WRONLY	0x00000001
#define O_RDWR		0x00000002
#define O_ACCMODE	0x00000003
#define O_CREAT		0x00000200
#define O_TRUNC		0x00000400
#define O_DIRECTORY	0x00200000

#endif
