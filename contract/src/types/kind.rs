//! The fixed kinds inside type expressions: primitives, collections, metadata columns.

use super::value::PrimitiveValue;

/// The primitive parameter kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrimitiveKind {
    /// `Int`.
    Int,
    /// `Float`.
    Float,
    /// `Str`.
    Str,
    /// `Bool`.
    Bool,
}

impl PrimitiveKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            PrimitiveKind::Int => "Int",
            PrimitiveKind::Float => "Float",
            PrimitiveKind::Str => "Str",
            PrimitiveKind::Bool => "Bool",
        }
    }

    /// Whether a value has this kind; `Float` also accepts integers, as QIIME 2 does.
    pub fn accepts(self, value: &PrimitiveValue) -> bool {
        matches!(
            (self, value),
            (PrimitiveKind::Int, PrimitiveValue::Int(_))
                | (
                    PrimitiveKind::Float,
                    PrimitiveValue::Int(_) | PrimitiveValue::Float(_)
                )
                | (PrimitiveKind::Str, PrimitiveValue::Str(_))
                | (PrimitiveKind::Bool, PrimitiveValue::Bool(_))
        )
    }
}

/// The collection kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollectionKind {
    /// `List[T]`: ordered.
    List,
    /// `Set[T]`: unordered, unique.
    Set,
    /// `Collection[T]`: keyed, ordered.
    Collection,
}

impl CollectionKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            CollectionKind::List => "List",
            CollectionKind::Set => "Set",
            CollectionKind::Collection => "Collection",
        }
    }
}

/// The type of a metadata column: the field of `MetadataColumn[...]` (`Categorical`), and the
/// `#q2:types` directive of a metadata file (`categorical`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// Text values.
    Categorical,
    /// Numbers.
    Numeric,
}

impl ColumnType {
    /// The name as written in type expressions: `Categorical` or `Numeric`.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Categorical => "Categorical",
            ColumnType::Numeric => "Numeric",
        }
    }

    /// The directive spelling: `categorical` or `numeric`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Categorical => "categorical",
            ColumnType::Numeric => "numeric",
        }
    }

    /// Parse a `#q2:types` cell (case-insensitive).
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::ColumnType;
    /// assert_eq!(ColumnType::parse("Numeric"), Some(ColumnType::Numeric));
    /// assert_eq!(ColumnType::parse("text"), None);
    /// ```
    pub fn parse(text: &str) -> Option<ColumnType> {
        match text.to_lowercase().as_str() {
            "categorical" => Some(ColumnType::Categorical),
            "numeric" => Some(ColumnType::Numeric),
            _ => None,
        }
    }
}

/// The directive spelling, as metadata files write it.
impl std::fmt::Display for ColumnType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_accept_values() {
        use PrimitiveValue as V;
        assert!(PrimitiveKind::Float.accepts(&V::Int(1)));
        assert!(!PrimitiveKind::Int.accepts(&V::Float(1.0)));
        assert!(PrimitiveKind::Str.accepts(&V::Str(String::new())));
        assert!(!PrimitiveKind::Bool.accepts(&V::Int(1)));
        assert_eq!(CollectionKind::Collection.name(), "Collection");
        assert_eq!(ColumnType::Numeric.name(), "Numeric");
        assert_eq!(ColumnType::Numeric.as_str(), "numeric");
    }
}
