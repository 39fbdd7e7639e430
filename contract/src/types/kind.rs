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

/// The field of `MetadataColumn[...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// `Categorical`.
    Categorical,
    /// `Numeric`.
    Numeric,
}

impl ColumnKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Categorical => "Categorical",
            ColumnKind::Numeric => "Numeric",
        }
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
        assert_eq!(ColumnKind::Numeric.name(), "Numeric");
    }
}
