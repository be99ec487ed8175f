//! The E2B provider against the in-process mock (`--features mock`), which speaks the REST and envd protocols.

use std::time::Duration;

use secrecy::SecretString;
use tali_sandbox::mock::{E2bMock, Endpoint, ScriptedRun};
use tali_sandbox::{
    CreateSpec, Limits, Provider, SandboxError, SandboxService, SandboxSettings, TestOutcome,
    WorkspaceFile,
};

async fn setup() -> (E2bMock, SandboxService) {
    let mock = E2bMock::start().await.expect("mock starts");
    let settings = SandboxSettings {
        provider: Provider::E2b,
        e2b: mock.settings(),
        limits: Limits {
            wall_run: Duration::from_millis(500),
            output_bytes: 64 * 1024,
            ..Limits::default()
        },
        ..SandboxSettings::default()
    };
    let service = SandboxService::new(settings).await.expect("E2B service");
    (mock, service)
}

fn spec() -> CreateSpec {
    CreateSpec {
        assessment_id: 11,
        organization_id: 5,
        lifetime: Duration::from_secs(900),
        files: vec![WorkspaceFile::new("data/sample.csv", "x,y\n")],
    }
}

fn stdout(text: &str) -> ScriptedRun {
    ScriptedRun {
        stdout: text.as_bytes().to_vec(),
        ..ScriptedRun::default()
    }
}

#[tokio::test]
async fn creates_a_sandbox_with_its_files_and_runs_code() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    assert_eq!(mock.sandbox_ids(), std::slice::from_ref(&handle.sandbox_id));
    assert_eq!(
        mock.file(&handle.sandbox_id, "data/sample.csv").unwrap(),
        b"x,y\n"
    );

    mock.script(
        "solution.py",
        ScriptedRun {
            stdout: b"hello\n".to_vec(),
            stderr: b"warn\n".to_vec(),
            exit_code: 2,
            ..Default::default()
        },
    );
    let result = service
        .execute_code(&handle, "print('hello')")
        .await
        .unwrap();
    assert_eq!(
        (
            result.stdout.as_str(),
            result.stderr.as_str(),
            result.exit_code
        ),
        ("hello\n", "warn\n", 2)
    );
    assert!(!result.timed_out && !result.truncated);
    assert_eq!(
        mock.file(&handle.sandbox_id, "solution.py").unwrap(),
        b"print('hello')"
    );
    assert_eq!(mock.commands(), ["'python3' 'solution.py'"]);

    service.close_sandbox(&handle).await.unwrap();
    assert!(mock.sandbox_ids().is_empty());
}

#[tokio::test]
async fn runs_tests_from_the_junit_report() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    let xml = r#"<testsuites><testsuite><testcase classname="test_x" name="test_a" time="0.002"/>
        <testcase classname="test_x" name="test_b" time="0.001"><failure message="assert 1 == 2">trace</failure></testcase>
        </testsuite></testsuites>"#;
    mock.script(
        "pytest",
        ScriptedRun {
            junit_report: Some(xml.into()),
            exit_code: 1,
            ..Default::default()
        },
    );
    let report = service
        .run_tests(&handle, "test_x.py", "def test_a(): pass", "x = 1")
        .await
        .unwrap();
    assert_eq!((report.tests_passed, report.tests_total), (1, 2));
    assert_eq!(report.test_details[1].outcome, TestOutcome::Failed);
    assert_eq!(report.test_details[1].message, "assert 1 == 2\ntrace");
    assert_eq!(
        mock.file(&handle.sandbox_id, "test_x.py").unwrap(),
        b"def test_a(): pass"
    );
    assert!(mock.commands()[0].contains("'--junitxml=.tali/junit-"));
    // The report was read and removed again.
    assert_eq!(
        mock.file_paths(&handle.sandbox_id),
        ["data/sample.csv", "solution.py", "test_x.py"]
    );
}

#[tokio::test]
async fn retries_rate_limited_calls() {
    let (mock, service) = setup().await;
    mock.fail_next(Endpoint::Create, 429);
    mock.fail_next(Endpoint::Files, 503);
    let handle = service.create_sandbox(spec()).await.unwrap();
    assert_eq!(
        mock.file(&handle.sandbox_id, "data/sample.csv").unwrap(),
        b"x,y\n"
    );
}

#[tokio::test]
async fn lost_sandboxes_are_not_found_and_reconnect_fresh() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    let same = service.reconnect(&handle.sandbox_id, 11).await.unwrap();
    assert!(!same.fresh);
    assert_eq!(same.handle.sandbox_id, handle.sandbox_id);

    mock.expire(&handle.sandbox_id);
    assert!(matches!(
        service.execute_code(&handle, "print(1)").await,
        Err(SandboxError::NotFound)
    ));
    let fresh = service.reconnect(&handle.sandbox_id, 11).await.unwrap();
    assert!(fresh.fresh);
    assert_ne!(fresh.handle.sandbox_id, handle.sandbox_id);
}

#[tokio::test]
async fn error_trailer_in_a_200_stream_is_an_infrastructure_error() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    mock.script(
        "solution.py",
        ScriptedRun {
            rpc_error: Some("internal".into()),
            ..Default::default()
        },
    );
    assert!(matches!(
        service.execute_code(&handle, "print(1)").await,
        Err(SandboxError::Unavailable(_))
    ));
    mock.fail_next(Endpoint::Start, 429);
    assert!(matches!(
        service.execute_code(&handle, "print(1)").await,
        Err(SandboxError::Busy { .. })
    ));
}

#[tokio::test]
async fn deadline_and_output_cap_stop_the_process() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    mock.script(
        "solution.py",
        ScriptedRun {
            hang: true,
            ..Default::default()
        },
    );
    let result = service
        .execute_code(&handle, "while True: pass")
        .await
        .unwrap();
    assert!(result.timed_out, "{result:?}");
    assert_eq!(result.exit_code, 137);

    mock.script("solution.py", stdout(&"z".repeat(200 * 1024)));
    let result = service
        .execute_code(&handle, "print('z' * 10**9)")
        .await
        .unwrap();
    assert!(result.truncated);
    assert_eq!(result.stdout.len(), 64 * 1024);
    assert_eq!(mock.kills(), [4242]);
}

#[tokio::test]
async fn lints_and_checks_packages_through_helpers() {
    let (mock, service) = setup().await;
    let handle = service.create_sandbox(spec()).await.unwrap();
    mock.script(
        "pyflakes",
        stdout(r#"[{"line": 3, "message": "undefined name 'y'"}]"#),
    );
    let lint = service.lint(&handle, "x = y").await.unwrap();
    assert_eq!(
        (lint.findings[0].line, lint.findings[0].message.as_str()),
        (3, "undefined name 'y'")
    );

    mock.script(
        "packaging",
        stdout(r#"{"satisfied": [], "problems": ["pandas: not in the pre-installed set"]}"#),
    );
    let err = service
        .install_dependencies(&handle, &["pandas".into()])
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("pandas: not in the pre-installed set")
    );
    assert!(
        service
            .available_packages()
            .await
            .iter()
            .any(|(name, version)| name == "numpy" && version == "2.1.3")
    );
}

#[tokio::test]
async fn sweeps_old_sandboxes_by_metadata() {
    let (mock, service) = setup().await;
    let old = service.create_sandbox(spec()).await.unwrap();
    let new = service.create_sandbox(spec()).await.unwrap();
    mock.age(&old.sandbox_id, Duration::from_secs(7200));
    assert_eq!(
        service.sweep_idle(Duration::from_secs(3600)).await.unwrap(),
        1
    );
    assert_eq!(mock.sandbox_ids(), [new.sandbox_id]);
}

#[tokio::test]
async fn rejects_missing_or_wrong_credentials() {
    let mock = E2bMock::start().await.unwrap();
    let mut settings = SandboxSettings {
        provider: Provider::E2b,
        e2b: mock.settings(),
        ..SandboxSettings::default()
    };
    settings.e2b.api_key = SecretString::default();
    assert!(matches!(
        SandboxService::new(settings.clone()).await,
        Err(SandboxError::NotConfigured(_))
    ));
    settings.e2b.api_key = "e2b_wrong".into();
    let service = SandboxService::new(settings).await.unwrap();
    assert!(matches!(
        service.create_sandbox(spec()).await,
        Err(SandboxError::Unavailable(_))
    ));
}

#[tokio::test]
async fn preflight_reports_the_template_versions_and_closes_its_sandbox() {
    let (mock, service) = setup().await;
    mock.script(
        "preflight-",
        stdout(r#"{"versions": {"python": "3.11.2", "pytest": "8.3.3", "pyflakes": "3.2.0"}, "missing": []}"#),
    );
    let found = service.preflight().await.unwrap();
    assert_eq!(found.provider, "e2b");
    assert_eq!(found.versions["pytest"], "8.3.3");
    assert_eq!(found.versions["pyflakes"], "3.2.0");
    assert_eq!(found.versions["python"], "3.11.2");
    assert!(
        mock.sandbox_ids().is_empty(),
        "the preflight's sandbox is closed"
    );
}

#[tokio::test]
async fn preflight_names_what_the_template_lacks() {
    let (mock, service) = setup().await;
    mock.script(
        "preflight-",
        stdout(r#"{"versions": {"python": "3.11.2", "pyflakes": "3.2.0"}, "missing": ["pytest"]}"#),
    );
    let err = service.preflight().await.unwrap_err().to_string();
    assert!(err.contains("lacks pytest"), "{err}");
    assert!(
        err.contains("\"tali-python\"") && err.contains("E2B_TEMPLATE"),
        "{err}"
    );
    assert!(mock.sandbox_ids().is_empty(), "closed on failure too");
}

#[tokio::test]
async fn preflight_fails_when_the_template_has_no_python() {
    let (mock, service) = setup().await;
    mock.script(
        "preflight-",
        ScriptedRun {
            stderr: b"bash: python3: command not found\n".to_vec(),
            exit_code: 127,
            ..ScriptedRun::default()
        },
    );
    let err = service.preflight().await.unwrap_err().to_string();
    assert!(err.contains("preflight"), "{err}");
}
