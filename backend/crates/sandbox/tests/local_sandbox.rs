//! The local bubblewrap provider against real candidate code, including the attack suite: each attack must be
//! contained AND the sandbox must still work afterwards. Needs `scripts/sandbox-runtime/setup.sh` to have run;
//! skipped (with the reason printed) only when bubblewrap cannot run at all on this host.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::process::Command;
use std::time::{Duration, Instant};

use tali_sandbox::{
    CreateSpec, Limits, SandboxError, SandboxHandle, SandboxService, SandboxSettings, TestOutcome,
    WorkspaceFile,
};

const SECRET_NAME: &str = "TALI_SANDBOX_TEST_SECRET";
const SECRET_VALUE: &str = "hunter2-must-not-leak";

/// Why bubblewrap cannot work here, if it cannot.
fn bwrap_unusable() -> Option<String> {
    let probe = Command::new("bwrap")
        .args(["--unshare-all", "--ro-bind", "/", "/", "true"])
        .output();
    match probe {
        Err(err) => Some(format!("bwrap is not installed ({err})")),
        Ok(out) if !out.status.success() => Some(format!(
            "bwrap cannot run: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(_) => None,
    }
}

async fn service() -> Option<SandboxService> {
    service_in("tali-sandbox-test-workspaces").await
}

/// A service whose workspaces live in the named temporary directory.
async fn service_in(workspaces: &str) -> Option<SandboxService> {
    if let Some(reason) = bwrap_unusable() {
        eprintln!("SKIPPED: {reason}");
        return None;
    }
    // SAFETY: set before any sandbox is spawned, to the same value by every test; nothing reads it concurrently
    // through libc.
    unsafe { std::env::set_var(SECRET_NAME, SECRET_VALUE) };
    let settings = SandboxSettings {
        workspaces_dir: std::env::temp_dir().join(workspaces),
        limits: Limits {
            cpu: Duration::from_secs(2),
            wall_run: Duration::from_secs(4),
            wall_tests: Duration::from_secs(8),
            workspace_quota_bytes: 128 << 20,
            ..Limits::default()
        },
        ..SandboxSettings::default()
    };
    match SandboxService::new(settings).await {
        Ok(service) => Some(service),
        Err(err) => panic!("sandbox preflight failed: {err}"),
    }
}

async fn sandbox(service: &SandboxService) -> SandboxHandle {
    let spec = CreateSpec {
        assessment_id: 7,
        organization_id: 3,
        lifetime: Duration::from_secs(600),
        files: vec![WorkspaceFile::new("data/input.csv", "a,b\n1,2\n")],
    };
    service.create_sandbox(spec).await.expect("create sandbox")
}

async fn assert_still_works(service: &SandboxService, handle: &SandboxHandle) {
    let result = service
        .execute_code(handle, "print('still alive')")
        .await
        .expect("follow-up run");
    assert_eq!(result.stdout, "still alive\n", "follow-up run: {result:?}");
    assert_eq!(result.exit_code, 0);
}

/// Runs an attack, checks it with `contained`, then checks the sandbox still works and closes it.
async fn attack(code: &str, contained: impl FnOnce(&tali_sandbox::ExecResult)) {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let result = service
        .execute_code(&handle, code)
        .await
        .expect("attack run is a result, not an error");
    contained(&result);
    assert_still_works(&service, &handle).await;
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn reports_stdout_stderr_and_exit_code() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let code = "import sys\nprint(open('data/input.csv').read().strip())\nprint('oops', file=sys.stderr)\nsys.exit(3)";
    let result = service.execute_code(&handle, code).await.unwrap();
    assert_eq!(result.stdout, "a,b\n1,2\n");
    assert_eq!(result.stderr, "oops\n");
    assert_eq!(result.exit_code, 3);
    assert!(!result.timed_out && !result.truncated);

    let crash = service
        .execute_code(&handle, "raise ValueError('boom')")
        .await
        .unwrap();
    assert_eq!(crash.exit_code, 1);
    assert!(crash.stderr.contains("ValueError: boom"));
    service.close_sandbox(&handle).await.unwrap();
}

/// bwrap dies with the thread that forked it (`--die-with-parent`): runs forked from tokio's blocking pool were
/// killed when that thread retired idle (after 10 s by default), so every run longer than that ended with exit
/// 137. Here the pool's threads retire after 50 ms and the run lasts 1.5 s.
#[test]
fn a_run_outlives_the_pool_thread_that_started_it() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_keep_alive(Duration::from_millis(50))
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let Some(service) = service().await else {
            return;
        };
        let handle = sandbox(&service).await;
        let code = "import time\ntime.sleep(1.5)\nprint('done')";
        let result = service.execute_code(&handle, code).await.unwrap();
        assert_eq!(
            (result.exit_code, result.stdout.as_str()),
            (0, "done\n"),
            "{result:?}"
        );
        service.close_sandbox(&handle).await.unwrap();
    });
}

#[tokio::test]
async fn workspace_persists_between_runs_and_reconnects() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    service
        .execute_code(&handle, "open('state.txt', 'w').write('kept')")
        .await
        .unwrap();
    let again = service
        .reconnect(&handle.sandbox_id, handle.assessment_id)
        .await
        .unwrap();
    assert!(!again.fresh);
    let result = service
        .execute_code(&again.handle, "print(open('state.txt').read())")
        .await
        .unwrap();
    assert_eq!(result.stdout, "kept\n");

    service.close_sandbox(&handle).await.unwrap();
    let lost = service
        .reconnect(&handle.sandbox_id, handle.assessment_id)
        .await
        .unwrap();
    assert!(lost.fresh);
    assert_ne!(lost.handle.sandbox_id, handle.sandbox_id);
    assert!(matches!(
        service.execute_code(&handle, "print(1)").await,
        Err(SandboxError::NotFound)
    ));
    service.close_sandbox(&lost.handle).await.unwrap();
}

#[tokio::test]
async fn runs_pytest_and_reports_each_test() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let code = "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a + b\n";
    let tests = r#"
import pytest
from solution import add, sub

def test_add():
    assert add(2, 3) == 5

def test_sub():
    assert sub(5, 3) == 2

@pytest.fixture
def broken():
    raise RuntimeError("fixture exploded")

def test_error(broken):
    pass

@pytest.mark.skip(reason="later")
def test_skipped():
    pass
"#;
    let report = service
        .run_tests(&handle, "test_solution.py", tests, code)
        .await
        .unwrap();
    assert_eq!(
        (report.tests_passed, report.tests_total),
        (1, 4),
        "{report:?}"
    );
    assert_eq!(report.collection_error, None);
    let outcome = |name: &str| {
        report
            .test_details
            .iter()
            .find(|t| t.name.ends_with(name))
            .map(|t| t.outcome.clone())
    };
    assert_eq!(outcome("test_add"), Some(TestOutcome::Passed));
    assert_eq!(outcome("test_sub"), Some(TestOutcome::Failed));
    assert_eq!(outcome("test_error"), Some(TestOutcome::Error));
    assert_eq!(outcome("test_skipped"), Some(TestOutcome::Skipped));
    let failed = report
        .test_details
        .iter()
        .find(|t| t.name.ends_with("test_sub"))
        .unwrap();
    assert!(
        failed.message.contains("assert 8 == 2"),
        "{}",
        failed.message
    );
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn broken_or_hanging_code_gives_a_report() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let tests = "from solution import add\n\ndef test_add():\n    assert add(1, 1) == 2\n";
    let report = service
        .run_tests(
            &handle,
            "test_solution.py",
            tests,
            "def add(a, b:\n    return a + b\n",
        )
        .await
        .unwrap();
    assert_eq!((report.tests_passed, report.tests_total), (0, 0));
    assert!(
        report
            .collection_error
            .as_deref()
            .unwrap_or_default()
            .contains("SyntaxError"),
        "{report:?}"
    );

    let hanging = "import time\n\ndef add(a, b):\n    time.sleep(3600)\n";
    let started = Instant::now();
    let report = service
        .run_tests(&handle, "test_solution.py", tests, hanging)
        .await
        .unwrap();
    assert!(report.timed_out, "{report:?}");
    assert_eq!(report.tests_passed, 0);
    assert!(report.collection_error.is_some());
    assert!(started.elapsed() < Duration::from_secs(15));
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn lints_and_checks_packages_offline() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let lint = service
        .lint(
            &handle,
            "import os\n\ndef f():\n    return undefined_name\n",
        )
        .await
        .unwrap();
    let lines: Vec<u32> = lint.findings.iter().map(|f| f.line).collect();
    assert_eq!(lines, [1, 4], "{lint:?}");
    assert!(
        lint.findings[1]
            .message
            .contains("undefined name 'undefined_name'")
    );

    let wanted = ["pytest", "numpy>=2,<3", "requests==2.32.3"].map(String::from);
    let ok = service
        .install_dependencies(&handle, &wanted)
        .await
        .unwrap();
    assert_eq!(ok.satisfied.len(), 3);
    let missing = ["pandas", "numpy<2"].map(String::from);
    let Err(SandboxError::InvalidInput(message)) =
        service.install_dependencies(&handle, &missing).await
    else {
        panic!("unavailable packages must be refused");
    };
    assert!(
        message.contains("pandas: not in the pre-installed set"),
        "{message}"
    );
    assert!(
        message.contains("only numpy==2.1.3 is installed"),
        "{message}"
    );
    assert!(
        service
            .available_packages()
            .await
            .iter()
            .any(|(name, _)| name == "pytest")
    );
    service.close_sandbox(&handle).await.unwrap();
}

/// What the launch does between fork and exec, seen from inside the sandbox.
#[tokio::test]
async fn payload_runs_unprivileged_with_its_limits() {
    let server_uid = rustix::process::getuid().as_raw();
    if server_uid == 0 {
        // A root server may hold supplementary groups; give this one some, so clearing them is actually tested.
        // glibc's setgroups applies to every thread, including the pool threads that spawn sandboxes.
        let groups: [libc::gid_t; 1] = [4242];
        // SAFETY: a valid pointer to `groups.len()` gids.
        assert_eq!(unsafe { libc::setgroups(groups.len(), groups.as_ptr()) }, 0);
    }
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let code = r#"
import os, resource
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
for field in ["Groups", "NoNewPrivs", "Seccomp", "CapEff"]:
    print(field, repr(status[field].strip()))
for name in ["CPU", "AS", "NPROC", "FSIZE", "NOFILE", "CORE"]:
    print(name, *resource.getrlimit(getattr(resource, "RLIMIT_" + name)))
print("fds", *sorted(os.listdir("/proc/self/fd")))
open("owned-by", "w").close()
"#;
    let result = service.execute_code(&handle, code).await.unwrap();
    let lines: Vec<&str> = result.stdout.lines().collect();
    let field = |name: &str| {
        lines
            .iter()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{name} missing: {result:?}"))
    };
    // No supplementary group of the server survives (they would show as the overflow gid 65534).
    assert_eq!(field("Groups"), "''");
    assert_eq!(field("NoNewPrivs"), "'1'");
    assert_eq!(field("Seccomp"), "'2'", "a seccomp filter is installed");
    assert_eq!(field("CapEff"), "'0000000000000000'");
    // Files the payload creates belong on the host to the sandbox's own uid, never to the server's root.
    let workspace = std::env::temp_dir()
        .join("tali-sandbox-test-workspaces")
        .join(&handle.sandbox_id);
    let owner = std::fs::metadata(workspace.join("owned-by")).unwrap();
    if server_uid == 0 {
        assert!(
            (61001..=61999).contains(&owner.uid()),
            "host uid {}",
            owner.uid()
        );
        assert_eq!(owner.gid(), owner.uid());
    } else {
        assert_eq!(owner.uid(), server_uid);
    }
    // The test service's CPU limit is 2 s; the hard limit one second later is the one that kills.
    assert_eq!(field("CPU"), "2 3");
    assert_eq!(field("AS"), "2147483648 2147483648");
    assert_eq!(field("NPROC"), "64 64");
    assert_eq!(field("FSIZE"), "67108864 67108864");
    assert_eq!(field("NOFILE"), "256 256");
    assert_eq!(field("CORE"), "0 0");
    // Only the standard streams and the listing's own descriptor: nothing of the server or the launch leaks in.
    assert_eq!(field("fds"), "0 1 2 3", "{result:?}");

    // Touching 768 MiB stays under the 2 GiB address-space limit, so only the run's 512 MiB memory cgroup can stop
    // it: the payload was in the run's cgroups before bwrap started.
    let cgroups_in_use = [
        "/sys/fs/cgroup/tali-sandbox",
        "/sys/fs/cgroup/memory/tali-sandbox",
    ]
    .iter()
    .any(|dir| std::path::Path::new(dir).is_dir());
    if server_uid == 0 && cgroups_in_use {
        let result = service
            .execute_code(&handle, "data = b'x' * (768 << 20)\nprint(len(data))")
            .await
            .unwrap();
        assert_eq!(result.exit_code, 137, "{result:?}");
    }
    assert_still_works(&service, &handle).await;
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn attack_fork_bomb() {
    let code =
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n";
    attack(code, |r| assert!(r.timed_out || r.exit_code != 0, "{r:?}")).await;
}

#[tokio::test]
async fn attack_memory_bomb() {
    attack("x = bytearray(10 * 1024**3)", |r| {
        assert!(r.stderr.contains("MemoryError"), "{r:?}")
    })
    .await;
    let touch = "chunks = []\nwhile True:\n    chunks.append(bytearray(100 * 1024**2))\n";
    attack(touch, |r| {
        assert!(
            r.exit_code == 137 || r.stderr.contains("MemoryError"),
            "{r:?}"
        )
    })
    .await;
}

#[tokio::test]
async fn attack_infinite_loop_and_sleep() {
    attack("while True:\n    pass\n", |r| {
        assert!(r.exit_code == 137 || r.timed_out, "{r:?}")
    })
    .await;
    attack("import time\ntime.sleep(3600)", |r| {
        assert!(r.timed_out, "{r:?}");
        assert!(r.execution_time_ms < 8000);
    })
    .await;
}

#[tokio::test]
async fn attack_disk_filling() {
    let huge = "f = open('big', 'wb')\nchunk = b'x' * (1 << 20)\nfor _ in range(5 * 1024):\n    f.write(chunk)\n";
    attack(huge, |r| {
        assert!(r.stderr.contains("File too large"), "{r:?}")
    })
    .await;
    let many = "import os\nchunk = b'x' * (32 << 20)\nfor i in range(64):\n    with open(f'f{i}', 'wb') as f:\n        f.write(chunk)\n";
    attack(many, |r| {
        assert!(r.stderr.contains("No space left on device"), "{r:?}")
    })
    .await;
}

#[tokio::test]
async fn attack_huge_output() {
    let code = "import sys\nline = 'y' * 1023 + '\\n'\nfor _ in range(1024 * 1024):\n    sys.stdout.write(line)\n";
    attack(code, |r| {
        assert!(r.truncated, "{:?}", (r.exit_code, r.timed_out));
        assert!(r.stdout.len() <= 1 << 20);
        assert!(!r.timed_out);
    })
    .await;
}

#[tokio::test]
async fn attack_reads_secrets_and_host_files() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let code = format!(
        r#"
import os
print(sorted(os.environ))
print("{SECRET_NAME}" in os.environ, b"{SECRET_VALUE}" in open("/proc/1/environ", "rb").read())
for path in ["/etc/shadow", "/proc/1/root/etc/shadow", "{repo}/Cargo.toml", "/root", "/home"]:
    try:
        open(path).read()
        print("LEAKED:", path)
    except OSError as error:
        print("denied", type(error).__name__)
print(sorted(os.listdir("/")))
"#
    );
    attack(&code, |r| {
        assert!(!r.stdout.contains(SECRET_VALUE), "{r:?}");
        assert!(r.stdout.contains("False False"), "{r:?}");
        assert!(!r.stdout.contains("LEAKED:"), "{r:?}");
        // The root holds the runtime (bound at its host path) but nothing else of the host.
        for host_dir in ["'home'", "'root'", "'run'", "'sys'", "'var'", "'boot'"] {
            assert!(!r.stdout.contains(host_dir), "{host_dir} visible: {r:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn attack_network() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        r#"
import socket
for port in (5432, 6379, {port}):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1)
        print("CONNECTED", port)
    except OSError as error:
        print("refused", port)
try:
    socket.getaddrinfo("pypi.org", 443)
    print("RESOLVED")
except OSError:
    print("no dns")
"#
    );
    attack(&code, |r| {
        assert!(
            !r.stdout.contains("CONNECTED") && !r.stdout.contains("RESOLVED"),
            "{r:?}"
        );
        assert!(r.stdout.contains("no dns"), "{r:?}");
    })
    .await;
    listener.set_nonblocking(true).unwrap();
    assert!(
        listener.accept().is_err(),
        "nothing may have reached the host listener"
    );
}

#[tokio::test]
async fn attack_daemon_outliving_the_run() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let daemon = r#"
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for i in range(100):
            with open("daemon.log", "a") as log:
                log.write("tick\n")
            time.sleep(0.05)
    os._exit(0)
time.sleep(0.2)
"#;
    service.execute_code(&handle, daemon).await.unwrap();
    let count = "print(len(open('daemon.log').readlines()))";
    let first = service.execute_code(&handle, count).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = service.execute_code(&handle, count).await.unwrap();
    assert_eq!(
        first.stdout, second.stdout,
        "the daemon kept running after the run ended"
    );
    assert!(first.stdout.trim().parse::<u32>().unwrap() < 100);
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn attack_symlinks_are_never_followed_by_the_host() {
    let Some(service) = service().await else {
        return;
    };
    let handle = sandbox(&service).await;
    let victim = std::env::temp_dir().join(format!("tali-victim-{}", std::process::id()));
    std::fs::write(&victim, "original").unwrap();
    let plant = format!(
        "import os\nos.remove('solution.py')\nos.symlink('{0}', 'solution.py')\nos.symlink('{0}', 'data/evil')\nos.symlink('/tmp', '.tali')",
        victim.display()
    );
    service.execute_code(&handle, &plant).await.unwrap();
    // Host writes through the planted links are refused...
    let err = service
        .execute_code(&handle, "print('overwrite')")
        .await
        .unwrap_err();
    assert!(matches!(err, SandboxError::InvalidInput(_)), "{err:?}");
    let err = service
        .write_files(&handle, &[WorkspaceFile::new("data/evil", "x")])
        .await
        .unwrap_err();
    assert!(matches!(err, SandboxError::InvalidInput(_)), "{err:?}");
    assert!(service.lint(&handle, "x = 1").await.is_err());
    let mut content = String::new();
    std::fs::File::open(&victim)
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    assert_eq!(content, "original");
    std::fs::remove_file(&victim).unwrap();
    // ...and the candidate can repair the workspace by writing a regular file again.
    service
        .write_files(
            &handle,
            &[WorkspaceFile::new(
                "fix.py",
                "import os\nos.remove('solution.py')",
            )],
        )
        .await
        .unwrap();
    service.close_sandbox(&handle).await.unwrap();
}

#[tokio::test]
async fn attack_ptrace_and_kernel_surface() {
    let code = r#"
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("ptrace", libc.ptrace(0, 0, 0, 0), ctypes.get_errno())
CLONE_NEWUSER = 0x10000000
print("unshare", libc.unshare(CLONE_NEWUSER), ctypes.get_errno())
"#;
    attack(code, |r| {
        assert!(r.stdout.contains("ptrace -1 1"), "{r:?}");
        assert!(r.stdout.contains("unshare -1 1"), "{r:?}");
    })
    .await;
}

#[tokio::test]
async fn sweeps_idle_sandboxes() {
    // Its own directory: sweeping must not close the other tests' sandboxes.
    let Some(service) = service_in("tali-sandbox-test-sweep").await else {
        return;
    };
    let handle = sandbox(&service).await;
    assert!(service.sweep_idle(Duration::ZERO).await.unwrap() >= 1);
    assert!(matches!(
        service.execute_code(&handle, "print(1)").await,
        Err(SandboxError::NotFound)
    ));
}

#[tokio::test]
async fn preflight_checks_python_pytest_and_pyflakes() {
    let Some(service) = service_in("tali-sandbox-test-preflight").await else {
        return;
    };
    let found = service.preflight().await.unwrap();
    assert_eq!(found.provider, "local");
    assert!(
        found.versions["python"].starts_with("3.11"),
        "{:?}",
        found.versions
    );
    assert!(found.versions.contains_key("pytest") && found.versions.contains_key("pyflakes"));
}

/// A data directory under a folder of mode 0700 (a root-only home, say): the start-up check names that folder
/// instead of failing every sandbox with "not configured".
#[tokio::test]
async fn preflight_names_a_folder_the_sandbox_users_cannot_enter() {
    use std::os::unix::fs::PermissionsExt;
    if bwrap_unusable().is_some() || !rustix::process::geteuid().is_root() {
        eprintln!("SKIPPED: sandboxes run as this user unless the server is root");
        return;
    }
    let locked = std::env::temp_dir().join(format!("tali-locked-{}", std::process::id()));
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
    let settings = SandboxSettings {
        workspaces_dir: locked.join("data/sandbox-workspaces"),
        ..SandboxSettings::default()
    };
    let err = SandboxService::new(settings)
        .await
        .err()
        .expect("refused")
        .to_string();
    let _ = std::fs::remove_dir_all(&locked);
    assert!(
        err.contains(&format!("inside {} (mode 0700)", locked.display())),
        "{err}"
    );
    assert!(err.contains("chmod o+x"), "{err}");
}
