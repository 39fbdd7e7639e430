use super::*;
use qiime2::plugin::{ActionKind, InputSpec, OutputSpec, ParameterSpec};

fn param(name: &str, qiime_type: &str, default: Option<ParamValue>, text: &str) -> ParameterSpec {
    ParameterSpec {
        name: name.into(),
        qiime_type: qiime_type.into(),
        description: text.into(),
        default,
    }
}

fn signature() -> ActionSignature {
    ActionSignature {
        id: "count_things".into(),
        kind: ActionKind::Method,
        name: "Count things.".into(),
        description: "Counts the things of the input in batches and writes a table of the \
                      counts, with a page showing them."
            .into(),
        inputs: vec![InputSpec {
            name: "things".into(),
            qiime_type: "IntSequence1 | IntSequence2".into(),
            description: "What to count.".into(),
            optional: false,
            view: None,
        }],
        parameters: vec![
            param(
                "batch_size",
                "Int % Range(1, None)",
                Some(ParamValue::Int(5)),
                "How many things each batch holds (the last may hold fewer).",
            ),
            param(
                "mode",
                "Str % Choices('fast', 'careful')",
                None,
                "How to count.",
            ),
            param("weight", "Float", Some(ParamValue::Null), "A weight."),
            param(
                "strict",
                "Bool",
                Some(ParamValue::Bool(false)),
                "Refuse odd things.",
            ),
            param("labels", "List[Str]", None, "Labels in order."),
            param(
                "sample_metadata",
                "Metadata",
                Some(ParamValue::Null),
                "Data about samples.",
            ),
            param(
                "group",
                "MetadataColumn[Categorical]",
                None,
                "The grouping column.",
            ),
        ],
        outputs: vec![
            OutputSpec {
                name: "counts".into(),
                qiime_type: "Mapping".into(),
                description: "The counts.".into(),
                view: None,
            },
            OutputSpec {
                name: "page".into(),
                qiime_type: "Visualization".into(),
                description: "The counts as a page.".into(),
                view: None,
            },
        ],
        citations: vec![],
        examples: vec![],
    }
}

const EXPECTED: &str = "\
Usage: qiime stew count-things [OPTIONS]

  Counts the things of the input in batches and writes a table of the counts,
  with a page showing them.

Inputs:
  --i-things ARTIFACT IntSequence1 | IntSequence2
                          What to count.                            [required]
Parameters:
  --p-batch-size INTEGER  How many things each batch holds (the last may hold
    Range(1, None)        fewer).                                 [default: 5]
  --p-mode TEXT Choices('fast', 'careful')
                          How to count.                             [required]
  --p-weight NUMBER       A weight.                                 [optional]
  --p-strict / --p-no-strict
                          Refuse odd things.                  [default: False]
  --p-labels TEXT...      Labels in order.                          [required]
    List[Str]
  --m-sample-metadata-file METADATA...
    (multiple arguments   Data about samples.                       [optional]
     will be merged)
  --m-group-file METADATA
  --m-group-column COLUMN  MetadataColumn[Categorical]
                          The grouping column.                      [required]
Outputs:
  --o-counts ARTIFACT Mapping
                          The counts.                               [required]
  --o-page VISUALIZATION  The counts as a page.                     [required]
Miscellaneous:
  --output-dir PATH       Write each output not given by its own option into
                          this new folder, named after the output.
  --verbose / --quiet     Show more detail on errors, or print nothing when
                          the action succeeds.
  --example-data PATH     Write the data of the usage examples into this
                          folder, then exit.
  --citations             Print the citations of the plugin and the action,
                          then exit.
  --use-cache DIRECTORY   The cache that records pipeline steps and holds
                          CACHE:KEY inputs and outputs (created if missing; by
                          default `qiime2/cache` in your cache folder). With
                          parallel steps on a cluster, pick a folder every
                          node can reach.
  --help                  Show this message and exit.

Examples:
  # ### example: one
  qiime stew count-things \\
    --i-things things.qza

  # ### example: two
";

#[test]
fn help_follows_the_q2cli_layout() {
    let signature = signature();
    let options = ActionOptions::new(&signature).unwrap();
    let examples = [
        "# ### example: one\nqiime stew count-things \\\n  --i-things things.qza\n".to_owned(),
        "# ### example: two\n".to_owned(),
    ];
    let help = render_action_help("stew", &signature, &options, 78, &examples);
    assert_eq!(help, EXPECTED, "got:\n{help}");
}

#[test]
fn narrow_help_wraps_descriptions_further() {
    let signature = signature();
    let options = ActionOptions::new(&signature).unwrap();
    let help = render_action_help("stew", &signature, &options, 60, &[]);
    assert!(help.lines().all(|l| l.chars().count() <= 60), "{help}");
    assert!(help.contains("  --p-weight NUMBER       A weight.               [optional]\n"));
    assert!(!help.contains("Examples:"));
}
