//! JSON read into a `serde_json::Value`, refusing an object that gives one key twice.
//!
//! serde_json keeps the last of two values of a key (`{"text":"a","text":"b"}` is
//! `{"text":"b"}`), as most parsers do: a record would lose a value in silence, and which
//! one its author meant is a guess. Ingest refuses such a record, naming the key.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Parses `text` as one JSON value. On an object with a key given twice (at any depth),
/// the error is `Err(Duplicate(key))`; other errors are serde_json's.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = UniqueKeys {
        duplicate: &duplicate,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, duplicate.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(key)) => Err(ParseError::Duplicate(key)),
        (Err(error), None) => Err(ParseError::Json(error)),
    }
}

/// Why a text is not one JSON value with unique keys.
#[derive(Debug)]
pub enum ParseError {
    /// An object gives this key twice.
    Duplicate(String),
    /// Not JSON, as serde_json says.
    Json(serde_json::Error),
}

/// Builds a value as serde_json's own `Value` does, checking each object's keys; the first
/// key found twice is left in `duplicate`.
#[derive(Clone, Copy)]
struct UniqueKeys<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(sequence.size_hint().unwrap_or(0));
        while let Some(item) = sequence.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let value = entries.next_value_seed(self)?;
            if object.contains_key(&key) {
                let message = format!("the key {key:?} is given twice");
                self.duplicate.replace(Some(key));
                return Err(A::Error::custom(message));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_serde_jsons_and_a_key_twice_is_named() {
        for text in [
            r#"{"text":"a","n":1,"f":-2.5,"big":18446744073709551615,"l":[true,null,{"x":"y"}],"s":{"outlet":"TASS"}}"#,
            "[]",
            "\"\\u00e9\\ud83d\\ude00\"",
        ] {
            assert_eq!(
                parse(text).unwrap(),
                serde_json::from_str::<Value>(text).unwrap()
            );
        }
        let key_of = |text: &str| match parse(text) {
            Err(ParseError::Duplicate(key)) => key,
            other => panic!("{text}: expected a duplicate key, got {other:?}"),
        };
        assert_eq!(key_of(r#"{"text":"a","text":"b"}"#), "text");
        assert_eq!(key_of(r#"{"source":{"url":"a","url":"b"}}"#), "url");
        assert_eq!(key_of(r#"[{"a":1},{"b":1,"b":2}]"#), "b");
        assert!(matches!(
            parse(r#"{"text":"a"} x"#),
            Err(ParseError::Json(_))
        ));
        assert!(matches!(parse(r#"{"text":"#), Err(ParseError::Json(_))));
    }
}
