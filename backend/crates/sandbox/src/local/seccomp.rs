//! The seccomp deny-list handed to bubblewrap (`--seccomp FD`): default allow, EPERM for the kernel interfaces that
//! candidate code never needs and that are the usual entry points of kernel exploits. An allow-list is not
//! practical: CPython, numpy and pytest use a broad set of syscalls.
//!
//! Written as raw classic BPF rather than through a filter library so that the x32 ABI (same audit arch, syscall
//! number with bit 30 set) is rejected too; a plain number match would let `ptrace | 0x40000000` through.

// BPF_LD | BPF_W | BPF_ABS (the first two are 0).
const BPF_LD_W_ABS: u16 = 0x20;
const BPF_JMP_JEQ_K: u16 = 0x05 | 0x10;
const BPF_JMP_JGE_K: u16 = 0x05 | 0x30;
const BPF_JMP_JSET_K: u16 = 0x05 | 0x40;
const BPF_RET_K: u16 = 0x06;

const RET_KILL_PROCESS: u32 = 0x8000_0000;
const RET_ERRNO: u32 = 0x0005_0000;
const RET_ALLOW: u32 = 0x7fff_0000;

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

// Offsets in `struct seccomp_data`: nr (u32), arch (u32), instruction_pointer (u64), args[6] (u64 each).
// x86_64 is little-endian, so the low 32 bits of argument i sit at 16 + 8 * i.
const OFFSET_NR: u32 = 0;
const OFFSET_ARCH: u32 = 4;
const fn arg_low_offset(arg: u32) -> u32 {
    16 + 8 * arg
}

const CLONE_NEWUSER: u32 = 0x1000_0000;
const TIOCSTI: u32 = 0x5412;
const TIOCLINUX: u32 = 0x541c;
const ADDR_NO_RANDOMIZE: u32 = 0x0004_0000;

const DENIED: &[libc::c_long] = &[
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_kcmp,
    libc::SYS_pidfd_getfd,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_userfaultfd,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_move_mount,
    libc::SYS_open_tree,
    libc::SYS_fsopen,
    libc::SYS_fsconfig,
    libc::SYS_fsmount,
    libc::SYS_fspick,
    libc::SYS_mount_setattr,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_reboot,
    libc::SYS_syslog,
    libc::SYS_acct,
    libc::SYS_quotactl,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_lookup_dcookie,
    libc::SYS_uselib,
    libc::SYS_vhangup,
    libc::SYS_iopl,
    libc::SYS_ioperm,
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
    libc::SYS_clock_adjtime,
    libc::SYS_adjtimex,
];

#[derive(Clone, Copy)]
struct Insn {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

const fn stmt(code: u16, k: u32) -> Insn {
    Insn {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
    Insn { code, jt, jf, k }
}

fn errno(code: i32) -> u32 {
    RET_ERRNO | (code as u32 & 0xffff)
}

fn nr(syscall: libc::c_long) -> u32 {
    syscall as u32
}

/// How an argument-filtered rule tests the low 32 bits of its argument.
enum ArgTest {
    Equals(u32),
    AnyBit(u32),
}

/// `syscall(arg ...)` matching `test` returns `action`; everything else falls through. Leaves the syscall number
/// in the accumulator for the next rule.
fn arg_rule(program: &mut Vec<Insn>, syscall: libc::c_long, arg: u32, test: ArgTest, action: u32) {
    let check = match test {
        ArgTest::Equals(value) => jump(BPF_JMP_JEQ_K, value, 0, 1),
        ArgTest::AnyBit(mask) => jump(BPF_JMP_JSET_K, mask, 0, 1),
    };
    program.extend([
        // Other syscalls skip the four instructions below with the number still loaded.
        jump(BPF_JMP_JEQ_K, nr(syscall), 0, 4),
        stmt(BPF_LD_W_ABS, arg_low_offset(arg)),
        check,
        stmt(BPF_RET_K, action),
        stmt(BPF_LD_W_ABS, OFFSET_NR),
    ]);
}

/// The filter as the kernel's `struct sock_filter` array (8 bytes per instruction, native endianness).
pub(crate) fn deny_list_program() -> Vec<u8> {
    let eperm = errno(libc::EPERM);
    let mut program = vec![
        stmt(BPF_LD_W_ABS, OFFSET_ARCH),
        jump(BPF_JMP_JEQ_K, AUDIT_ARCH_X86_64, 1, 0),
        stmt(BPF_RET_K, RET_KILL_PROCESS),
        stmt(BPF_LD_W_ABS, OFFSET_NR),
        jump(BPF_JMP_JGE_K, X32_SYSCALL_BIT, 0, 1),
        stmt(BPF_RET_K, RET_KILL_PROCESS),
    ];
    for &syscall in DENIED {
        program.extend([
            jump(BPF_JMP_JEQ_K, nr(syscall), 0, 1),
            stmt(BPF_RET_K, eperm),
        ]);
    }
    // clone3 passes its flags in memory, which BPF cannot read: ENOSYS makes glibc fall back to clone(2).
    program.extend([
        jump(BPF_JMP_JEQ_K, nr(libc::SYS_clone3), 0, 1),
        stmt(BPF_RET_K, errno(libc::ENOSYS)),
    ]);
    arg_rule(
        &mut program,
        libc::SYS_clone,
        0,
        ArgTest::AnyBit(CLONE_NEWUSER),
        eperm,
    );
    // Terminal injection (CVE-2017-5226 class), also defeated by bwrap --new-session.
    arg_rule(
        &mut program,
        libc::SYS_ioctl,
        1,
        ArgTest::Equals(TIOCSTI),
        eperm,
    );
    arg_rule(
        &mut program,
        libc::SYS_ioctl,
        1,
        ArgTest::Equals(TIOCLINUX),
        eperm,
    );
    arg_rule(
        &mut program,
        libc::SYS_personality,
        0,
        ArgTest::Equals(ADDR_NO_RANDOMIZE),
        eperm,
    );
    program.push(stmt(BPF_RET_K, RET_ALLOW));

    program
        .iter()
        .flat_map(|insn| {
            let mut bytes = [0u8; 8];
            bytes[0..2].copy_from_slice(&insn.code.to_ne_bytes());
            bytes[2] = insn.jt;
            bytes[3] = insn.jf;
            bytes[4..8].copy_from_slice(&insn.k.to_ne_bytes());
            bytes
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_is_well_formed() {
        let bytes = deny_list_program();
        assert_eq!(bytes.len() % 8, 0);
        let count = bytes.len() / 8;
        // The kernel limit is 4096 instructions; the last one must allow.
        assert!(count < 4096);
        let last = &bytes[bytes.len() - 8..];
        assert_eq!(u16::from_ne_bytes([last[0], last[1]]), BPF_RET_K);
        assert_eq!(
            u32::from_ne_bytes([last[4], last[5], last[6], last[7]]),
            RET_ALLOW
        );
    }
}
