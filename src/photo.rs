//! Photos from the camera: downscaled in the browser (longest side 1600 px, JPEG quality 0.8),
//! named by their SHA-256 and stored once as Blobs. Events refer to photos by that hash.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::desk_service::DeskService;
use crate::store::{Attachment, Store, StoreError};

/// The longest side of a stored photo.
pub const LONGEST_SIDE: u32 = 1600;
/// The JPEG quality of a stored photo.
pub const JPEG_QUALITY: f64 = 0.8;

/// Why a photo could not be taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is not an image the browser can decode.
    NotAnImage(String),
    Store(StoreError),
}

/// A photo a command needed could not be taken in: reported like any failed save, with the
/// browser's words as the detail.
impl From<PhotoError> for crate::desk_service::CommandError {
    fn from(error: PhotoError) -> Self {
        crate::desk_service::CommandError::Store(match error {
            PhotoError::Store(error) => error,
            PhotoError::NotAnImage(detail) => StoreError::Failed(detail),
        })
    }
}

/// The size that keeps the aspect ratio and fits the longest side in `LONGEST_SIDE`; small
/// images are left as they are.
pub fn scaled_size(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= LONGEST_SIDE || longest == 0 {
        return (width, height);
    }
    let scale = f64::from(LONGEST_SIDE) / f64::from(longest);
    let fit = |side: u32| ((f64::from(side) * scale).round() as u32).max(1);
    (fit(width), fit(height))
}

/// The lowercase hex SHA-256 of `bytes`: the photo's name everywhere. The same as every
/// other hash here, from core.
pub use estate_core::chain::sha256_hex;

fn js_error(error: impl Into<JsValue>) -> PhotoError {
    let error: JsValue = error.into();
    PhotoError::NotAnImage(error.as_string().unwrap_or_else(|| format!("{error:?}")))
}

/// Decodes `image`, downscales it and encodes it as JPEG.
pub async fn downscale(image: &web_sys::Blob) -> Result<Attachment, PhotoError> {
    let window = web_sys::window().ok_or_else(|| PhotoError::NotAnImage("no window".into()))?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(image)
            .map_err(js_error)?,
    )
    .await
    .map_err(js_error)?
    .dyn_into()
    .map_err(js_error)?;
    let (width, height) = scaled_size(bitmap.width(), bitmap.height());
    let document = window
        .document()
        .ok_or_else(|| PhotoError::NotAnImage("no document".into()))?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or_else(|| PhotoError::NotAnImage("no 2d context".into()))?
        .dyn_into()
        .map_err(js_error)?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(js_error)?;
    bitmap.close();

    let encoded = js_sys::Promise::new(&mut |resolve, reject| {
        let on_blob = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(error) = canvas.to_blob_with_type_and_encoder_options(
            on_blob.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        ) {
            let _ = reject.call1(&JsValue::NULL, &error);
        }
    });
    let blob: web_sys::Blob = JsFuture::from(encoded)
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(js_error)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Attachment {
        sha256: sha256_hex(&bytes),
        mime: "image/jpeg".into(),
        bytes,
    })
}

/// Downscales and stores a photo; returns its hash, for events to refer to.
pub async fn store_photo<S: Store>(
    desk: &DeskService<S>,
    image: &web_sys::Blob,
) -> Result<String, PhotoError> {
    let attachment = downscale(image).await?;
    let sha256 = attachment.sha256.clone();
    desk.put_attachment(attachment)
        .await
        .map_err(PhotoError::Store)?;
    Ok(sha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_size_fits_the_longest_side_and_keeps_the_ratio() {
        assert_eq!(scaled_size(4000, 3000), (1600, 1200));
        assert_eq!(scaled_size(3000, 4000), (1200, 1600));
        assert_eq!(scaled_size(1200, 800), (1200, 800));
        assert_eq!(scaled_size(3000, 2000), (1600, 1067));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
