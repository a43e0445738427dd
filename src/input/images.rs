//! Optional pictures: the cover photo, the city's logo, section and good-practice pictures.
//! Each is read and decoded to learn its size; whether it has pixels enough for print is
//! checked on the laid-out pages, at the size it is placed (`typeset::printing`). Section and
//! good-practice pictures are never placed past 300 ppi, so one with too few pixels for its
//! column or box would print small: that is refused here.

use std::path::Path;

use super::json::Obj;
use super::problems::Problems;
use super::{FileProblem, read_in_folder};
use crate::model::{Images, Picture, PicturePlace, SectionPicture};

/// A section picture is placed at least a column wide (84 mm) and never past 300 ppi, so
/// fewer pixels would print it narrower than its column.
const SECTION_MIN_WIDTH: u32 = 992;
/// A good-practice box is at least 64 mm wide inside: the same for its picture.
const PRACTICE_MIN_WIDTH: u32 = 756;
/// A print-quality cover photo is a few megabytes; far larger files are refused before decoding.
const MAX_PICTURE: u64 = 40 * 1024 * 1024;
/// A small file can still claim a huge picture; decoding one would exhaust memory.
const MAX_PIXELS: u64 = 100_000_000;

pub(crate) fn read(o: &Obj, city_dir: &Path, p: &mut Problems) -> Images {
    o.only(&["cover", "logo", "sections"], p);
    // How sharp each picture prints depends on the size the layout gives it, so it is
    // checked on the laid-out pages (typeset::printing), in validate and build alike.
    let cover = picture(o, "cover", city_dir, p);
    let logo = picture(o, "logo", city_dir, p);
    let mut sections = Vec::new();
    for (pointer, value) in o.opt_array("sections", (0, 12), p) {
        let entry = Obj::new(Some(value), pointer, p);
        let place = entry.choice("place", &PicturePlace::ALL, p);
        let picture = picture_of(&entry, city_dir, p).filter(|pic| {
            let ok = pic.width >= SECTION_MIN_WIDTH;
            if !ok {
                p.json(
                    &entry.at("file"),
                    format!(
                        "the picture is {} pixels wide, too few to print sharply",
                        pic.width
                    ),
                    format!("use a picture at least {SECTION_MIN_WIDTH} pixels wide (a column, 84 mm, at 300 ppi)"),
                );
            }
            ok
        });
        if let (Some(place), Some(picture)) = (place, picture) {
            sections.push(SectionPicture { place, picture });
        }
    }
    Images {
        cover,
        logo,
        sections,
    }
}

fn picture(parent: &Obj, key: &str, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    parent.get(key)?;
    let o = Obj::new(parent.get(key), parent.at(key), p);
    o.only(&["file", "credit", "alt"], p);
    load(&o, city_dir, p)
}

/// A section picture: the picture's fields beside its place and caption.
fn picture_of(o: &Obj, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    o.only(&["place", "file", "caption", "credit", "alt"], p);
    captioned(o, city_dir, p)
}

/// A good practice's picture: file, caption, credit and alt text, printed in its box.
pub(crate) fn practice_picture(o: &Obj, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    o.only(&["file", "caption", "credit", "alt"], p);
    captioned(o, city_dir, p).filter(|pic| {
        let ok = pic.width >= PRACTICE_MIN_WIDTH;
        if !ok {
            p.json(
                &o.at("file"),
                format!("the picture is {} pixels wide, too few to print sharply", pic.width),
                format!("use a picture at least {PRACTICE_MIN_WIDTH} pixels wide (a good-practice box, 64 mm, at 300 ppi)"),
            );
        }
        ok
    })
}

fn captioned(o: &Obj, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    let caption = o.opt_string("caption", p);
    load(o, city_dir, p).map(|pic| Picture { caption, ..pic })
}

/// Reads, decodes and checks the picture `o` names.
fn load(o: &Obj, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    let file = o.plain_string("file", p);
    let alt = o.string("alt", p);
    let credit = o.opt_string("credit", p);
    if file.is_empty() {
        return None;
    }
    let path = city_dir.join(&file);
    let bytes = match read_in_folder(city_dir, Path::new(&file), MAX_PICTURE) {
        Ok(bytes) => bytes,
        Err(FileProblem { message, fix }) => {
            let message = if message.starts_with("the file") {
                format!(
                    "{}: {}",
                    path.display(),
                    message.trim_start_matches("the file ")
                )
            } else {
                message
            };
            p.json(&o.at("file"), message, fix);
            return None;
        }
    };
    let format = image::guess_format(&bytes)
        .ok()
        .filter(|f| matches!(f, image::ImageFormat::Png | image::ImageFormat::Jpeg));
    let Some(format) = format else {
        p.json(
            &o.at("file"),
            format!("{} is not a PNG or JPEG picture", path.display()),
            "save the picture as JPEG (photos) or PNG (logos)",
        );
        return None;
    };
    let dimensions =
        image::ImageReader::with_format(std::io::Cursor::new(&bytes), format).into_dimensions();
    match dimensions {
        Ok((width, height)) if u64::from(width) * u64::from(height) > MAX_PIXELS => {
            p.json(
                &o.at("file"),
                format!(
                    "{} is {width} × {height} pixels, more than sscp decodes",
                    path.display()
                ),
                "scale the picture down to at most 12 000 pixels on its longer side",
            );
            None
        }
        Ok((width, height)) => Some(Picture {
            file,
            caption: None,
            credit,
            alt,
            width,
            height,
            bytes,
        }),
        Err(e) => {
            p.json(
                &o.at("file"),
                format!("{} cannot be decoded: {e}", path.display()),
                "re-export the picture as a standard JPEG or PNG",
            );
            None
        }
    }
}
