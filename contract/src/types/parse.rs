//! Recursive-descent parser for type expressions.
//!
//! Grammar (whitespace is free):
//! ```text
//! union     := term ('|' term)*
//! term      := atom ('%' predicate)?
//! atom      := Name ('[' union (',' union)* ']')?
//! predicate := Range '(' [bound [',' bound]] (',' kw '=' Bool)* ')'
//!            | Choices '(' value (',' value)* ')'  |  Choices '(' '[' values ']' ')'
//!            | Properties '(' string (',' string)* ')'
//! ```

mod args;

use std::str::FromStr;

use super::error::TypeParseError;
use super::expr::TypeExpr;
use super::kind::{CollectionKind, ColumnType, PrimitiveKind};
use super::lexer::{Tok, Token, lex};
use super::predicate::Predicate;

impl FromStr for TypeExpr {
    type Err = TypeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TypeExpr::parse(s)
    }
}

impl TypeExpr {
    /// Parses a type expression; the same as `s.parse::<TypeExpr>()`.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::types::TypeExpr;
    /// let t = TypeExpr::parse("Float % Range(None,0,inclusive_end=True)").unwrap();
    /// assert_eq!(t.to_string(), "Float % Range(None, 0, inclusive_end=True)");
    /// let err = TypeExpr::parse("FeatureData[Sequence").unwrap_err();
    /// assert_eq!((err.column, err.expected.as_str()), (21, "']'"));
    /// ```
    pub fn parse(s: &str) -> Result<TypeExpr, TypeParseError> {
        let mut p = Parser {
            src: s,
            tokens: lex(s)?,
            pos: 0,
            depth: 0,
        };
        if p.peek().tok == Tok::End {
            return Err(p.error_here("a type expression"));
        }
        let expr = p.union()?;
        if p.peek().tok != Tok::End {
            return Err(p.error_here("'|' or the end of the expression"));
        }
        Ok(expr)
    }
}

/// Capitalised words that belong to predicates and literals, never type names.
const KEYWORDS: [&str; 6] = ["Range", "Choices", "Properties", "None", "True", "False"];

/// How deeply fields may nest (`A[B[C[...]]]`); keeps hostile input from exhausting the stack.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Current nesting of `union` calls.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        let i = (self.pos + ahead).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    fn error_at(&self, column: usize, expected: impl Into<String>) -> TypeParseError {
        TypeParseError::new(self.src, column, expected)
    }

    fn error_here(&self, expected: impl Into<String>) -> TypeParseError {
        self.error_at(self.peek().column, expected)
    }

    fn expect(&mut self, tok: Tok, expected: &str) -> Result<Token, TypeParseError> {
        if self.peek().tok == tok {
            Ok(self.bump())
        } else {
            Err(self.error_here(expected))
        }
    }

    fn union(&mut self) -> Result<TypeExpr, TypeParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error_here(format!("at most {MAX_DEPTH} levels of nested fields")));
        }
        self.depth += 1;
        let mut members = vec![self.term()?];
        while self.peek().tok == Tok::Pipe {
            self.bump();
            members.push(self.term()?);
        }
        self.depth -= 1;
        Ok(TypeExpr::union(members))
    }

    fn term(&mut self) -> Result<TypeExpr, TypeParseError> {
        let mut atom = self.atom()?;
        if self.peek().tok != Tok::Percent {
            return Ok(atom);
        }
        let percent = self.bump();
        let (allowed, kind): (&[&str], _) = match &atom {
            TypeExpr::Primitive {
                kind: k @ (PrimitiveKind::Int | PrimitiveKind::Float),
                ..
            } => (&["Range", "Choices"], Some(*k)),
            TypeExpr::Primitive { kind: k, .. } => (&["Choices"], Some(*k)),
            TypeExpr::Semantic { .. } => (&["Properties"], None),
            other => {
                let name = other.name().unwrap_or("this type");
                return Err(self.error_at(
                    percent.column,
                    format!("no predicate after {name} (it cannot take one)"),
                ));
            }
        };
        let name_tok = self.bump();
        let name = match &name_tok.tok {
            Tok::Ident(n) if allowed.contains(&n.as_str()) => n.clone(),
            Tok::Ident(n) if ["Range", "Choices", "Properties"].contains(&n.as_str()) => {
                return Err(self.error_at(
                    name_tok.column,
                    format!("{} (not {n}) as a predicate here", allowed.join(" or ")),
                ));
            }
            _ => {
                return Err(self.error_at(
                    name_tok.column,
                    format!("a predicate: {}", allowed.join(" or ")),
                ));
            }
        };
        self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        let predicate = match (name.as_str(), kind) {
            ("Range", Some(k)) => Predicate::Range(self.range_args(k, name_tok.column)?),
            ("Choices", Some(k)) => Predicate::Choices(self.choices_args(k, name_tok.column)?),
            _ => Predicate::Properties(self.properties_args()?),
        };
        if let TypeExpr::Primitive {
            predicate: slot, ..
        }
        | TypeExpr::Semantic {
            predicate: slot, ..
        } = &mut atom
        {
            *slot = Some(predicate);
        }
        Ok(atom)
    }

    fn atom(&mut self) -> Result<TypeExpr, TypeParseError> {
        let token = self.peek().clone();
        let name = match &token.tok {
            Tok::Ident(n) if KEYWORDS.contains(&n.as_str()) => {
                return Err(self.error_here(format!("a type name, not the keyword {n}")));
            }
            Tok::Ident(n) if n.starts_with(|c: char| c.is_ascii_uppercase()) => n.clone(),
            _ => return Err(self.error_here("a type name (starting with a capital letter)")),
        };
        self.bump();
        let leaf = |t: TypeExpr| (t, true);
        let (expr, no_fields) = match name.as_str() {
            "Int" => leaf(TypeExpr::primitive(PrimitiveKind::Int)),
            "Float" => leaf(TypeExpr::primitive(PrimitiveKind::Float)),
            "Str" => leaf(TypeExpr::primitive(PrimitiveKind::Str)),
            "Bool" => leaf(TypeExpr::primitive(PrimitiveKind::Bool)),
            "Metadata" => leaf(TypeExpr::Metadata),
            "Visualization" => leaf(TypeExpr::Visualization),
            "MetadataColumn" => (self.metadata_column()?, false),
            "List" | "Set" | "Collection" => (self.collection(&name)?, false),
            _ => (self.semantic(name.clone())?, false),
        };
        if no_fields && self.peek().tok == Tok::LBracket {
            return Err(self.error_here(format!("no fields after {name} (it takes none)")));
        }
        Ok(expr)
    }

    fn semantic(&mut self, name: String) -> Result<TypeExpr, TypeParseError> {
        let mut fields = Vec::new();
        if self.peek().tok == Tok::LBracket {
            self.bump();
            loop {
                fields.push(self.union()?);
                if self.peek().tok == Tok::Comma {
                    self.bump();
                } else {
                    self.expect(Tok::RBracket, "']'")?;
                    break;
                }
            }
        }
        Ok(TypeExpr::semantic(name, fields))
    }

    fn collection(&mut self, name: &str) -> Result<TypeExpr, TypeParseError> {
        let kind = match name {
            "List" => CollectionKind::List,
            "Set" => CollectionKind::Set,
            _ => CollectionKind::Collection,
        };
        self.expect(
            Tok::LBracket,
            &format!("'[' after {name} (it needs an element type)"),
        )?;
        let element = self.union()?;
        self.expect(
            Tok::RBracket,
            &format!("']' ({name} takes exactly one field)"),
        )?;
        Ok(TypeExpr::Collection {
            kind,
            element: Box::new(element),
        })
    }

    fn metadata_column(&mut self) -> Result<TypeExpr, TypeParseError> {
        self.expect(Tok::LBracket, "'[' after MetadataColumn")?;
        let mut kinds = Vec::new();
        loop {
            let kind = match &self.peek().tok {
                Tok::Ident(n) if n == "Categorical" => ColumnType::Categorical,
                Tok::Ident(n) if n == "Numeric" => ColumnType::Numeric,
                _ => return Err(self.error_here("Categorical or Numeric")),
            };
            self.bump();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            if self.peek().tok == Tok::Pipe {
                self.bump();
            } else {
                break;
            }
        }
        self.expect(Tok::RBracket, "']'")?;
        Ok(TypeExpr::MetadataColumn(kinds))
    }
}

#[cfg(test)]
mod tests;
