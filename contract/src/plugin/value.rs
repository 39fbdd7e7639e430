//! Parameter values as they cross the ABI.

use serde::{Deserialize, Serialize};

use crate::types::{CollectionKind, Number, PrimitiveKind, PrimitiveValue, TypeExpr, ValueError};

/// A parameter's value: a primitive, a collection of primitives, or metadata saved as a TSV file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ParamValue {
    /// No value (an optional parameter left out).
    Null,
    /// A `Bool`.
    Bool(bool),
    /// An `Int`.
    Int(i64),
    /// A `Float`.
    Float(f64),
    /// A `Str`.
    Str(String),
    /// A `List[...]`, in order.
    List(Vec<ParamValue>),
    /// A `Set[...]`.
    Set(Vec<ParamValue>),
    /// A `Metadata` or `MetadataColumn[...]` value, as the path of a metadata TSV file.
    Metadata(String),
}

impl ParamValue {
    /// What kind of value it is, with its article: `an Int`, `a Str`, `metadata`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "None",
            Self::Bool(_) => "a Bool",
            Self::Int(_) => "an Int",
            Self::Float(_) => "a Float",
            Self::Str(_) => "a Str",
            Self::List(_) => "a List",
            Self::Set(_) => "a Set",
            Self::Metadata(_) => "metadata",
        }
    }
}

/// The value as a user would write it: `5`, `"text"`, `[1, 2]`, `None`, `metadata (FILE)`.
///
/// ```
/// use qiime2_plugin::plugin::ParamValue;
/// let list = ParamValue::List(vec![ParamValue::Str("x".into()), ParamValue::Null]);
/// assert_eq!(list.to_string(), r#"["x", None]"#);
/// assert_eq!(ParamValue::Float(0.5).to_string(), "0.5");
/// ```
impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |f: &mut std::fmt::Formatter<'_>, items: &[ParamValue]| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        };
        match self {
            Self::Null => f.write_str("None"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(i) => write!(f, "{i}"),
            Self::Float(x) => write!(f, "{x}"),
            Self::Str(s) => write!(f, "{s:?}"),
            Self::List(items) => {
                f.write_str("[")?;
                list(f, items)?;
                f.write_str("]")
            }
            Self::Set(items) => {
                f.write_str("{")?;
                list(f, items)?;
                f.write_str("}")
            }
            Self::Metadata(path) => write!(f, "metadata ({path})"),
        }
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<i64> for ParamValue {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<i32> for ParamValue {
    fn from(value: i32) -> Self {
        Self::Int(value.into())
    }
}

impl From<usize> for ParamValue {
    fn from(value: usize) -> Self {
        Self::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl<T: Into<ParamValue>> From<Option<T>> for ParamValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl From<PrimitiveValue> for ParamValue {
    fn from(value: PrimitiveValue) -> Self {
        match value {
            PrimitiveValue::Int(i) => Self::Int(i),
            PrimitiveValue::Float(f) => Self::Float(f),
            PrimitiveValue::Str(s) => Self::Str(s),
            PrimitiveValue::Bool(b) => Self::Bool(b),
        }
    }
}

/// A value that is not a single primitive (`None`, a `List`, a `Set` or metadata), named by
/// its kind (`a List`), where a primitive was needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a single Int, Float, Str or Bool")]
pub struct NotPrimitive(pub &'static str);

/// The value as a primitive (`Int`, `Float`, `Str`, `Bool`), if it is one.
///
/// ```
/// use qiime2_plugin::plugin::{NotPrimitive, ParamValue};
/// use qiime2_plugin::types::PrimitiveValue;
/// assert_eq!(PrimitiveValue::try_from(&ParamValue::Int(3)), Ok(PrimitiveValue::Int(3)));
/// let list = ParamValue::List(vec![ParamValue::Int(3)]);
/// assert_eq!(PrimitiveValue::try_from(&list), Err(NotPrimitive("a List")));
/// ```
impl TryFrom<&ParamValue> for PrimitiveValue {
    type Error = NotPrimitive;

    fn try_from(value: &ParamValue) -> Result<Self, NotPrimitive> {
        match value {
            ParamValue::Bool(b) => Ok(Self::Bool(*b)),
            ParamValue::Int(i) => Ok(Self::Int(*i)),
            ParamValue::Float(f) => Ok(Self::Float(*f)),
            ParamValue::Str(s) => Ok(Self::Str(s.clone())),
            ParamValue::Null
            | ParamValue::List(_)
            | ParamValue::Set(_)
            | ParamValue::Metadata(_) => Err(NotPrimitive(value.kind())),
        }
    }
}

/// Why a parameter's value does not fit its type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamMismatch {
    /// The value, or an element of a `List` or `Set`, is not a single primitive.
    #[error(transparent)]
    NotPrimitive(#[from] NotPrimitive),
    /// A primitive of the wrong kind, or outside the type's range or choices.
    #[error(transparent)]
    Value(#[from] ValueError),
}

impl ParamValue {
    /// Checks the value against a parameter's type: each element of a `List` or `Set` against
    /// a collection type's element type, any other value as one primitive (its kind, range and
    /// choices). `None` does not fit: whether a parameter may be left out is the caller's to say.
    ///
    /// ```
    /// use qiime2_plugin::plugin::{ParamMismatch, ParamValue};
    /// use qiime2_plugin::types::TypeExpr;
    /// let ty: TypeExpr = "List[Int % Range(0, 10)]".parse().unwrap();
    /// assert_eq!(ParamValue::List(vec![ParamValue::Int(3)]).check_against(&ty), Ok(()));
    /// let err = ParamValue::List(vec![ParamValue::Int(30)]).check_against(&ty).unwrap_err();
    /// assert_eq!(err.to_string(), "30 is not in Range(0, 10)");
    /// assert!(matches!(ParamValue::Null.check_against(&ty), Err(ParamMismatch::NotPrimitive(_))));
    /// ```
    pub fn check_against(&self, ty: &TypeExpr) -> Result<(), ParamMismatch> {
        match (self, ty) {
            (Self::List(items) | Self::Set(items), TypeExpr::Collection { element, .. }) => items
                .iter()
                .try_for_each(|item| item.check_against(element)),
            (value, ty) => Ok(ty.check_value(&PrimitiveValue::try_from(value)?)?),
        }
    }
}

impl From<Number> for ParamValue {
    fn from(value: Number) -> Self {
        match value {
            Number::Int(i) => Self::Int(i),
            Number::Float(f) => Self::Float(f),
        }
    }
}

impl From<f64> for ParamValue {
    fn from(value: f64) -> Self {
        Self::Float(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        Self::Str(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

/// A Rust value an action can read a parameter as: `bool`, `i64`, `usize`, `f64`, `String`,
/// [`MetadataFile`](crate::plugin::MetadataFile), `Option<T>` (a parameter that may be left
/// out), `Vec<T>` (a `List` or `Set`), or [`ParamValue`] itself to pass any value on unread.
pub trait FromParam: Sized {
    /// Whether the type stands for a parameter that may be left out (`Option<T>`).
    const OPTIONAL: bool = false;

    /// The Rust type as messages name it: `f64`, `Option<String>`.
    fn rust_name() -> String;

    /// Whether a parameter of type `ty` (a primitive or metadata type expression) can be read
    /// as this type; checked against the signature when the plugin is built.
    fn accepts(ty: &TypeExpr) -> bool;

    /// Converts the value, or says what was expected.
    fn from_param(value: &ParamValue) -> Result<Self, &'static str>;
}

/// Whether every member of `ty` (a union or not) is a primitive of one of `kinds`.
fn primitive_of(ty: &TypeExpr, kinds: &[PrimitiveKind]) -> bool {
    ty.members()
        .iter()
        .all(|member| matches!(member, TypeExpr::Primitive { kind, .. } if kinds.contains(kind)))
}

/// `FromParam` for a primitive Rust type: its name, the kinds it accepts, the conversion.
macro_rules! primitive_param {
    ($rust:ty, [$($kind:ident),+], |$value:ident| $convert:expr) => {
        impl FromParam for $rust {
            fn rust_name() -> String {
                stringify!($rust).to_owned()
            }

            fn accepts(ty: &TypeExpr) -> bool {
                primitive_of(ty, &[$(PrimitiveKind::$kind),+])
            }

            fn from_param($value: &ParamValue) -> Result<Self, &'static str> {
                $convert
            }
        }
    };
}

primitive_param!(bool, [Bool], |value| match value {
    ParamValue::Bool(b) => Ok(*b),
    _ => Err("a Bool"),
});

primitive_param!(i64, [Int], |value| match value {
    ParamValue::Int(i) => Ok(*i),
    _ => Err("an Int"),
});

primitive_param!(usize, [Int], |value| match value {
    ParamValue::Int(i) => usize::try_from(*i).map_err(|_| "a non-negative Int"),
    _ => Err("an Int"),
});

// An Int is a valid Float value (a default of `5` for a Float parameter).
primitive_param!(f64, [Float, Int], |value| match value {
    ParamValue::Float(f) => Ok(*f),
    ParamValue::Int(i) => Ok(*i as f64),
    _ => Err("a Float"),
});

// A number kept as given (an Int stays an Int), e.g. for a pipeline to pass it on unchanged.
primitive_param!(Number, [Float, Int], |value| match value {
    ParamValue::Int(i) => Ok(Number::Int(*i)),
    ParamValue::Float(f) => Ok(Number::Float(*f)),
    _ => Err("a Float"),
});

primitive_param!(String, [Str], |value| match value {
    ParamValue::Str(s) => Ok(s.clone()),
    _ => Err("a Str"),
});

impl<T: FromParam> FromParam for Option<T> {
    const OPTIONAL: bool = true;

    fn rust_name() -> String {
        format!("Option<{}>", T::rust_name())
    }

    fn accepts(ty: &TypeExpr) -> bool {
        T::accepts(ty)
    }

    fn from_param(value: &ParamValue) -> Result<Self, &'static str> {
        match value {
            ParamValue::Null => Ok(None),
            other => T::from_param(other).map(Some),
        }
    }
}

impl<T: FromParam> FromParam for Vec<T> {
    fn rust_name() -> String {
        format!("Vec<{}>", T::rust_name())
    }

    fn accepts(ty: &TypeExpr) -> bool {
        matches!(
            ty,
            TypeExpr::Collection { kind: CollectionKind::List | CollectionKind::Set, element }
                if T::accepts(element)
        )
    }

    fn from_param(value: &ParamValue) -> Result<Self, &'static str> {
        match value {
            ParamValue::List(items) | ParamValue::Set(items) => {
                items.iter().map(T::from_param).collect()
            }
            _ => Err("a List or Set"),
        }
    }
}

/// Any value, unread: for a pipeline that passes a parameter on as it received it.
impl FromParam for ParamValue {
    fn rust_name() -> String {
        "ParamValue".to_owned()
    }

    fn accepts(_: &TypeExpr) -> bool {
        true
    }

    fn from_param(value: &ParamValue) -> Result<Self, &'static str> {
        Ok(value.clone())
    }
}
