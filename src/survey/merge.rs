//! Puts imported answers into a `profile.json` value: only the fields the map names are set,
//! every other field keeps its value and its place, and files are replaced atomically.

use serde_json::{Map, Value};

use super::convert::FoundSource;
use crate::scaffold::GUIDANCE_MARK;

/// Sets the field at `pointer` (a path of object keys), making the objects on the way when they
/// are missing. Returns whether the value changed; an error names the part of the path that is
/// not an object.
pub(crate) fn set_field(profile: &mut Value, pointer: &str, value: Value) -> Result<bool, String> {
    let keys: Vec<&str> = pointer.split('/').skip(1).collect();
    let Some((last, parents)) = keys.split_last() else {
        return Err("the pointer is empty".to_string());
    };
    let mut here = profile;
    let mut path = String::new();
    for key in parents {
        path.push('/');
        path.push_str(key);
        let Value::Object(object) = here else {
            return Err(format!("{} is not an object", parent_of(&path)));
        };
        here = object
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    let Value::Object(object) = here else {
        return Err(format!("{} is not an object", parent_of(pointer)));
    };
    let changed = object.get(*last) != Some(&value);
    object.insert(last.to_string(), value);
    Ok(changed)
}

fn parent_of(pointer: &str) -> &str {
    match pointer.rsplit_once('/') {
        Some(("", _)) | None => "the top level",
        Some((parent, _)) => parent,
    }
}

/// Adds sources to the list at `pointer` unless one with the same address (or, without an
/// address, the same text) is there already. Guidance entries left from `sscp new` are removed
/// once real sources arrive. Returns the texts of the sources added.
pub(crate) fn add_sources(
    profile: &mut Value,
    pointer: &str,
    found: &[FoundSource],
) -> Result<Vec<String>, String> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    if profile.pointer(pointer).is_none() {
        set_field(profile, pointer, Value::Array(Vec::new()))?;
    }
    let Some(Value::Array(list)) = profile.pointer_mut(pointer) else {
        return Err(format!("{pointer} is not a list"));
    };
    list.retain(|s| {
        !s.get("text")
            .and_then(Value::as_str)
            .is_some_and(|t| t.starts_with(GUIDANCE_MARK))
    });
    let mut known: Vec<String> = list.iter().flat_map(existing_keys).collect();
    let mut added = Vec::new();
    for source in found {
        let key = source.key();
        if known.contains(&key) {
            continue;
        }
        known.push(key);
        list.push(source.to_json());
        added.push(source.text.clone());
    }
    Ok(added)
}

/// The keys a source already in the profile is known by: its address and its text, so that a
/// cited source without an address does not repeat one the editors gave with an address.
fn existing_keys(source: &Value) -> Vec<String> {
    let text = source.get("text").and_then(Value::as_str);
    let url = source.get("url").and_then(Value::as_str);
    [
        url.map(super::convert::url_key),
        text.map(super::map::normalise_question),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn setting_a_field_keeps_the_others_in_place() {
        let mut profile =
            json!({"city": {"name": "A"}, "survey": {"context": "old", "finance": "f"}});
        assert_eq!(
            set_field(&mut profile, "/survey/context", json!("new")),
            Ok(true)
        );
        assert_eq!(
            set_field(&mut profile, "/survey/context", json!("new")),
            Ok(false)
        );
        assert_eq!(
            serde_json::to_string(&profile).unwrap_or_default(),
            r#"{"city":{"name":"A"},"survey":{"context":"new","finance":"f"}}"#
        );
        assert_eq!(
            set_field(&mut profile, "/city/name/x", json!(1)),
            Err("/city/name is not an object".to_string())
        );
    }

    #[test]
    fn sources_already_listed_are_not_added_again() {
        let mut profile = json!({"survey": {"sources": [
            {"text": "[to write] a source"},
            {"text": "Budget", "url": "https://city.example/budget/"}
        ]}});
        let found = [
            FoundSource {
                text: "city.example/budget".into(),
                url: Some("https://city.example/budget".into()),
                year: None,
            },
            FoundSource {
                text: "Census".into(),
                url: None,
                year: Some(2021),
            },
            FoundSource {
                text: "census".into(),
                url: None,
                year: None,
            },
        ];
        let added = add_sources(&mut profile, "/survey/sources", &found);
        assert_eq!(added, Ok(vec!["Census".to_string()]));
        assert_eq!(
            profile["survey"]["sources"].as_array().map(Vec::len),
            Some(2)
        );
    }
}
