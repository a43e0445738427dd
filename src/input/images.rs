//! Optional pictures: the cover photo and the city's logo. Each is read, decoded to learn its
//! size, and checked for enough pixels to print at 300 ppi where the layout places it.

use std::path::Path;

use super::json::Obj;
use super::problems::Problems;
use crate::model::{Images, Picture};

/// Placed sizes at 300 ppi: the cover photo spans 216 × 130 mm (A4 width plus bleed), the logo
/// is at most 25 mm wide.
const COVER_MIN_PIXELS: (u32, u32) = (2551, 1535);
const LOGO_MIN_WIDTH: u32 = 300;

pub(crate) fn read(o: &Obj, city_dir: &Path, p: &mut Problems) -> Images {
    o.only(&["cover", "logo"], p);
    let cover = picture(o, "cover", city_dir, p).filter(|pic| {
        let (w, h) = COVER_MIN_PIXELS;
        let ok = pic.width >= w && pic.height >= h;
        if !ok {
            p.json(
                &o.at("cover"),
                format!(
                    "the cover photo is {} × {} pixels, too small to print sharply",
                    pic.width, pic.height
                ),
                format!("use a photo of at least {w} × {h} pixels (216 × 130 mm at 300 ppi)"),
            );
        }
        ok
    });
    let logo = picture(o, "logo", city_dir, p).filter(|pic| {
        let ok = pic.width >= LOGO_MIN_WIDTH;
        if !ok {
            p.json(
                &o.at("logo"),
                format!(
                    "the logo is {} pixels wide, too small to print sharply",
                    pic.width
                ),
                format!("use a logo at least {LOGO_MIN_WIDTH} pixels wide (25 mm at 300 ppi)"),
            );
        }
        ok
    });
    Images { cover, logo }
}

fn picture(parent: &Obj, key: &str, city_dir: &Path, p: &mut Problems) -> Option<Picture> {
    parent.get(key)?;
    let o = Obj::new(parent.get(key), parent.at(key), p);
    o.only(&["file", "credit", "alt"], p);
    let file = o.plain_string("file", p);
    let alt = o.string("alt", p);
    let credit = o.opt_string("credit", p);
    if file.is_empty() {
        return None;
    }
    let relative = Path::new(&file);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        p.json(
            &o.at("file"),
            format!("\"{file}\" points outside the city folder"),
            "copy the picture into the city folder's images/ and write e.g. \"images/cover.jpg\"",
        );
        return None;
    }
    let path = city_dir.join(relative);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            p.json(
                &o.at("file"),
                format!("cannot read {}: {e}", path.display()),
                "check the file name and that the file is in the city folder",
            );
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
        Ok((width, height)) => Some(Picture {
            file,
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
