//! QIIME 2's semantic type system: type expressions, their grammar, subtyping, predicates and
//! the value checks parameters need. A [`TypeExpr`] serialises (serde) as its canonical string.
//!
//! ```
//! use qiime2_plugin::types::{PrimitiveValue, TypeExpr};
//! let param: TypeExpr = "Int % Range(1, None)".parse().unwrap();
//! assert!(param.check_value(&PrimitiveValue::Int(5)).is_ok());
//! let wanted: TypeExpr = "FeatureData[Sequence | AlignedSequence]".parse().unwrap();
//! let given: TypeExpr = "FeatureData[AlignedSequence]".parse().unwrap();
//! assert!(given.is_subtype(&wanted));
//! ```

mod check;
mod decode;
mod error;
mod expr;
mod kind;
mod lexer;
mod number;
mod parse;
mod predicate;
mod serialize;
mod subtype;
mod value;

pub use error::{TypeParseError, ValueError};
pub use expr::TypeExpr;
pub use kind::{CollectionKind, ColumnType, PrimitiveKind};
pub use number::Number;
pub use predicate::{Predicate, Range};
pub use value::PrimitiveValue;
