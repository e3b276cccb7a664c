/*
 * rt_probe.S — the line probe: stackheap-cc puts
 *
 *	lea -128(%rsp), %rsp
 *	call __stackheap_probe@PLT
 *	nopl KEY(%rax)		(0f 1f 80 and the 32-bit key)
 *	nopl EXTENT(%rax)	(the frame's extent, see cc_probe.h)
 *	lea 128(%rsp), %rsp
 *
 * in front of every statement row of the program's own source (see
 * src/cc/cc_probe.c).  The probe may sit anywhere in the middle of the
 * program's code, so it keeps everything: flags, every register a C
 * function may change, the SSE registers; it steps over the red zone the
 * code may be using (the lea above), and aligns the stack for the call
 * to the runtime's rt_line(return address, program's sp, program's fp,
 * &__stackheap_dirty).  The flag is the byte the program's code sets after
 * a write the next line step cannot otherwise know of (cc_probe.c); the
 * probe linked into the program passes its own.
 * A program run on its own (rt_hot.off) pays a call, two loads and a jump.
 * Built into the runtime library and into libstackheap-hooks.a, whose
 * copy tries the line steps' inline path (rt_line_fast.c) before it saves
 * the SSE registers.
 */
#if defined(__x86_64__)
#define RT_HOT_OFF 40	/* offsetof(struct rt_hot, off): checked in rt_lines.c */
	.text
	.globl	__stackheap_probe
#ifdef RT_PROBE_HIDDEN
	.hidden	__stackheap_probe
#endif
	.type	__stackheap_probe, @function
__stackheap_probe:
	.cfi_startproc
	/* rt_hot.off, tested without touching the flags (jrcxz) */
	pushq	%rcx
	.cfi_adjust_cfa_offset 8
	movq	__stackheap_hot_5@GOTPCREL(%rip), %rcx
	movl	RT_HOT_OFF(%rcx), %ecx
	jrcxz	.Lon
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	ret
.Lon:
	.cfi_adjust_cfa_offset 8
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	/*
	 * The flags, without pushfq/popfq (popfq alone was a tenth of a line
	 * step): lahf takes SF, ZF, AF, PF and CF, seto OF, into a slot of
	 * their own under the saved %rax; the C code keeps DF clear itself.
	 */
	pushq	%rax
	.cfi_adjust_cfa_offset 8
	pushq	%rax
	.cfi_adjust_cfa_offset 8
	lahf
	seto	%al
	movq	%rax, 8(%rsp)
	pushq	%rcx
	.cfi_adjust_cfa_offset 8
	pushq	%rdx
	.cfi_adjust_cfa_offset 8
	pushq	%rsi
	.cfi_adjust_cfa_offset 8
	pushq	%rdi
	.cfi_adjust_cfa_offset 8
	pushq	%r8
	.cfi_adjust_cfa_offset 8
	pushq	%r9
	.cfi_adjust_cfa_offset 8
	pushq	%r10
	.cfi_adjust_cfa_offset 8
	pushq	%r11
	.cfi_adjust_cfa_offset 8
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_offset %rbx, -96
	movq	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	andq	$-16, %rsp
#ifdef RT_PROBE_HIDDEN
	/*
	 * The inline path first (rt_lines_fast.h, built into the archive
	 * with the general registers only): most line steps end there,
	 * without the SSE registers' 32 moves and a call into the library.
	 */
	movq	88(%rbx), %rdi
	leaq	224(%rbx), %rsi
	movq	%rbp, %rdx
	leaq	__stackheap_dirty(%rip), %rcx
	call	__stackheap_line_fast
	testb	%al, %al
	jnz	.Lstepped
#endif
	subq	$256, %rsp
	movaps	%xmm0, 0(%rsp)
	movaps	%xmm1, 16(%rsp)
	movaps	%xmm2, 32(%rsp)
	movaps	%xmm3, 48(%rsp)
	movaps	%xmm4, 64(%rsp)
	movaps	%xmm5, 80(%rsp)
	movaps	%xmm6, 96(%rsp)
	movaps	%xmm7, 112(%rsp)
	movaps	%xmm8, 128(%rsp)
	movaps	%xmm9, 144(%rsp)
	movaps	%xmm10, 160(%rsp)
	movaps	%xmm11, 176(%rsp)
	movaps	%xmm12, 192(%rsp)
	movaps	%xmm13, 208(%rsp)
	movaps	%xmm14, 224(%rsp)
	movaps	%xmm15, 240(%rsp)
	movq	88(%rbx), %rdi		/* our return address: the site */
	leaq	224(%rbx), %rsi		/* 88 + 8 + 128: the program's sp */
	movq	%rbp, %rdx
#ifdef RT_PROBE_HIDDEN
	leaq	__stackheap_dirty(%rip), %rcx
#else
	movq	__stackheap_dirty@GOTPCREL(%rip), %rcx
#endif
#ifdef RT_PROBE_HIDDEN
	call	__stackheap_line_5@PLT
#else
	call	__stackheap_line_probed	/* rt_lines.c: the inline path, then */
#endif
	movaps	0(%rsp), %xmm0
	movaps	16(%rsp), %xmm1
	movaps	32(%rsp), %xmm2
	movaps	48(%rsp), %xmm3
	movaps	64(%rsp), %xmm4
	movaps	80(%rsp), %xmm5
	movaps	96(%rsp), %xmm6
	movaps	112(%rsp), %xmm7
	movaps	128(%rsp), %xmm8
	movaps	144(%rsp), %xmm9
	movaps	160(%rsp), %xmm10
	movaps	176(%rsp), %xmm11
	movaps	192(%rsp), %xmm12
	movaps	208(%rsp), %xmm13
	movaps	224(%rsp), %xmm14
	movaps	240(%rsp), %xmm15
.Lstepped:
	movq	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	popq	%r11
	.cfi_adjust_cfa_offset -8
	popq	%r10
	.cfi_adjust_cfa_offset -8
	popq	%r9
	.cfi_adjust_cfa_offset -8
	popq	%r8
	.cfi_adjust_cfa_offset -8
	popq	%rdi
	.cfi_adjust_cfa_offset -8
	popq	%rsi
	.cfi_adjust_cfa_offset -8
	popq	%rdx
	.cfi_adjust_cfa_offset -8
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	movq	8(%rsp), %rax
	addb	$0x7f, %al		/* OF again: 1 + 0x7f overflows */
	sahf
	popq	%rax
	.cfi_adjust_cfa_offset -8
	leaq	8(%rsp), %rsp		/* the flags' slot; lea keeps them */
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	__stackheap_probe, .-__stackheap_probe

	/*
	 * The store logger: stackheap-cc puts
	 *
	 *	lea -128(%rsp), %rsp
	 *	push %rax
	 *	lea DESTINATION, %rax
	 *	call __stackheap_store@PLT
	 *	pop %rax
	 *	lea 128(%rsp), %rsp
	 *
	 * in front of every store through a pointer (cc_probe.c), and this
	 * sets the program's second dirty byte and appends %rax to the
	 * thread's store log (rt_stores.c), if it has one and it has room.
	 * It keeps the flags by testing only with jrcxz.
	 */
	.globl	__stackheap_store
#ifdef RT_PROBE_HIDDEN
	.hidden	__stackheap_store
#endif
	.type	__stackheap_store, @function
__stackheap_store:
	.cfi_startproc
	pushq	%rcx
	.cfi_adjust_cfa_offset 8
	pushq	%rdx
	.cfi_adjust_cfa_offset 8
#ifdef RT_PROBE_HIDDEN
	movb	$1, __stackheap_dirty+1(%rip)	/* stored: see rt_stores.c */
#else
	movq	__stackheap_dirty@GOTPCREL(%rip), %rcx
	movb	$1, 1(%rcx)
#endif
	movq	__stackheap_stores_5@gottpoff(%rip), %rcx
	movq	%fs:(%rcx), %rdx	/* the log, or none yet */
	movq	%rdx, %rcx
	jrcxz	.Lstored
	movq	0(%rdx), %rcx		/* left */
	jrcxz	.Lstore_full
	leaq	-1(%rcx), %rcx
	movq	%rcx, 0(%rdx)
	movq	%rax, 16(%rdx,%rcx,8)	/* at[left - 1] */
	jmp	.Lstored
.Lstore_full:
	movq	$1, 8(%rdx)		/* overflowed */
.Lstored:
	popq	%rdx
	.cfi_adjust_cfa_offset -8
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	__stackheap_store, .-__stackheap_store

	/* a line of its own: every thread's stores set it */
	.bss
	.balign	64
	.globl	__stackheap_dirty
#ifdef RT_PROBE_HIDDEN
	.hidden	__stackheap_dirty
#endif
	.type	__stackheap_dirty, @object
	.size	__stackheap_dirty, 64
__stackheap_dirty:
	.zero	64
#endif
	.section .note.GNU-stack,"",@progbits
