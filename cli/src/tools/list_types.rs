//! `qiime tools list-types`: the semantic types the installed plugins can store.

/// Prints each importable semantic type with its description.
pub fn run() -> anyhow::Result<()> {
    let pm = crate::plugins::load();
    let mut classes: Vec<_> = pm.artifact_classes().map(|(_, class)| class).collect();
    classes.sort_by(|a, b| a.semantic_type.cmp(&b.semantic_type));
    for class in classes {
        println!("{}", class.semantic_type);
        if !class.description.is_empty() {
            println!("\t{}", class.description);
        }
        println!();
    }
    Ok(())
}
