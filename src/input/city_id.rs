//! The city id that names a profile's files, when `profile.json` gives none: made from the
//! city's name.

/// The id used when nothing of the city's name survives folding to ASCII (e.g. a name in
/// Cyrillic or Greek letters only).
pub const FALLBACK_CITY_ID: &str = "city";

/// A city id from its name: lower-case ASCII letters and digits, accents of common Latin letters
/// folded (`Łódź` → `lodz`), anything else a single `-`. `None` when nothing is left.
pub fn city_id(name: &str) -> Option<String> {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = fold_latin(c);
        if folded.is_empty() {
            if !id.ends_with('-') {
                id.push('-');
            }
        } else {
            id.push_str(folded);
        }
    }
    let id = id.trim_matches('-');
    (!id.is_empty()).then(|| id.to_string())
}

/// The ASCII spelling of a lower-case Latin letter or digit; empty for anything else.
fn fold_latin(c: char) -> &'static str {
    const ASCII: [&str; 36] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    ];
    match c {
        'a'..='z' => ASCII[c as usize - 'a' as usize],
        '0'..='9' => ASCII[26 + c as usize - '0' as usize],
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_ids_fold_accents_and_collapse_other_characters() {
        assert_eq!(city_id("Łódź").as_deref(), Some("lodz"));
        assert_eq!(city_id("Nova Gorica").as_deref(), Some("nova-gorica"));
        assert_eq!(
            city_id("  Saint-Étienne (Loire) ").as_deref(),
            Some("saint-etienne-loire")
        );
        assert_eq!(city_id("Târgu Mureș").as_deref(), Some("targu-mures"));
        assert_eq!(city_id("Гродна"), None);
        assert_eq!(city_id("Αθήνα 2"), Some("2".to_string()));
    }
}
