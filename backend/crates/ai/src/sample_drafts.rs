//! Task drafts for the mock server's default answer and for tests: one that passes its proof, and what a model
//! gets wrong.

use crate::task_draft::TaskDraft;

const STARTER: &str = "def median(values):\n    \"\"\"Return the median of a non-empty list of numbers.\"\"\"\n    ordered = sorted(values)\n    middle = len(ordered) // 2\n    return ordered[middle]\n";
const REFERENCE: &str = "def median(values):\n    \"\"\"Return the median of a non-empty list of numbers.\"\"\"\n    if not values:\n        raise ValueError(\"median() of an empty list\")\n    ordered = sorted(values)\n    middle = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[middle]\n    return (ordered[middle - 1] + ordered[middle]) / 2\n";
const VISIBLE: &str =
    "from solution import median\n\n\ndef test_odd_length():\n    assert median([3, 1, 2]) == 2\n";
const HIDDEN: &str = "import pytest\n\nfrom solution import median\n\n\ndef test_odd_length():\n    assert median([3, 1, 2]) == 2\n\n\ndef test_even_length_averages_the_middle_pair():\n    assert median([4, 1, 3, 2]) == 2.5\n\n\ndef test_single_value():\n    assert median([7]) == 7\n\n\ndef test_empty_list_is_an_error():\n    with pytest.raises(ValueError):\n        median([])\n";

/// A small debugging task whose starter fails two of four hidden tests and whose reference passes all.
pub fn sound() -> TaskDraft {
    TaskDraft {
        name: "Median of a list".into(),
        description:
            "`median()` in `solution.py` gives wrong answers for some inputs. Find and fix the \
                      bugs; keep its signature."
                .into(),
        task_type: "debugging".into(),
        difficulty: "junior".into(),
        duration_minutes: 20,
        starter_code: STARTER.into(),
        test_code: VISIBLE.into(),
        hidden_test_code: HIDDEN.into(),
        reference_solution: REFERENCE.into(),
    }
}

/// The same task with a "reference" that is only the starter: it fails the hidden tests.
pub fn with_failing_reference() -> TaskDraft {
    TaskDraft {
        reference_solution: STARTER.into(),
        ..sound()
    }
}
