use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `None` for the shared template library.
    pub organization_id: Option<i32>,
    /// Stable key of a template, used by `tali seed` to update in place.
    pub slug: Option<String>,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
    #[sea_orm(column_type = "Text")]
    pub starter_code: String,
    /// The visible tests the candidate may run.
    #[sea_orm(column_type = "Text")]
    pub test_code: String,
    /// Run only at submit; never sent to a browser.
    #[sea_orm(column_type = "Text", nullable)]
    pub hidden_test_code: Option<String>,
    /// Never leaves the server.
    #[sea_orm(column_type = "Text", nullable)]
    pub reference_solution: Option<String>,
    /// The hidden tests as pytest names them (`test_hidden::test_x`), collected when the task was saved.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub hidden_test_names: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub sample_data: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub dependencies: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub success_criteria: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub test_weights: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub rubric: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub scoring_config: Option<Json>,
    /// The AI policy an assessment of this task gets unless it names one: `off`, `hints` or `full`.
    pub ai_mode: String,
    /// Whether assessments of this task ask the understanding check after submit.
    pub understanding_check: bool,
    pub is_template: bool,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
