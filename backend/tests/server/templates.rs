//! Every template task through the real local sandbox: the starter code fails its tests and the reference
//! solution passes them all, visible and hidden alike.

use std::time::Duration;

use tali_sandbox::{CreateSpec, SandboxService, SandboxSettings, WorkspaceFile};

#[tokio::test]
async fn starters_fail_and_references_pass_in_the_sandbox() {
    let workspaces =
        std::env::temp_dir().join(format!("tali-templates-{}", uuid::Uuid::new_v4().simple()));
    let settings = SandboxSettings {
        runtime_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime").into(),
        workspaces_dir: workspaces.clone(),
        ..SandboxSettings::default()
    };
    let service = SandboxService::new(settings)
        .await
        .expect("the local sandbox works here");
    let templates = tali::seed::templates().unwrap();
    assert!(templates.len() >= 4);
    for (i, template) in templates.iter().enumerate() {
        let slug = &template.manifest.slug;
        let files = template
            .sample_files
            .iter()
            .map(|(path, content)| WorkspaceFile::new(path.clone(), content.as_bytes().to_vec()))
            .collect();
        let handle = service
            .create_sandbox(CreateSpec {
                assessment_id: 900_000 + i as i64,
                organization_id: 1,
                lifetime: Duration::from_secs(600),
                files,
            })
            .await
            .unwrap();
        for (file, tests) in [
            ("test_visible.py", &template.visible_tests),
            ("test_hidden.py", &template.hidden_tests),
        ] {
            let starter = service
                .run_tests(&handle, file, tests, &template.starter)
                .await
                .unwrap();
            assert!(
                starter.tests_total > 0,
                "{slug} {file}: no tests collected: {:?}",
                starter.collection_error
            );
            assert!(
                starter.tests_passed < starter.tests_total,
                "{slug} {file}: the starter passes everything"
            );
            let reference = service
                .run_tests(&handle, file, tests, &template.reference)
                .await
                .unwrap();
            assert_eq!(
                reference.tests_passed,
                reference.tests_total,
                "{slug} {file}: the reference fails: {:?}",
                reference
                    .test_details
                    .iter()
                    .filter(|t| !t.message.is_empty())
                    .collect::<Vec<_>>()
            );
        }
        service.close_sandbox(&handle).await.unwrap();
    }
    let _ = std::fs::remove_dir_all(workspaces);
}
