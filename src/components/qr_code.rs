//! QR codes, drawn as SVG by the `qrcode` crate: on permits and passes (scanned on patrol to
//! open the case) and on device cards (scanned to enrol a tablet).

use qrcode::render::svg;
use qrcode::QrCode;

/// The QR code of `content` as an SVG document, for `inner_html`.
pub fn qr_svg(content: &str) -> String {
    QrCode::new(content.as_bytes())
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(132, 132)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// REN-32: a reprinted permit carries the same code as the one posted at the door.
    #[test]
    fn ren_32_the_same_content_draws_the_same_code() {
        let svg = qr_svg("0193a7c2-5d1e-7c3a-9f00-123456789abc");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert_eq!(svg, qr_svg("0193a7c2-5d1e-7c3a-9f00-123456789abc"));
        assert_ne!(svg, qr_svg("another case"));
    }
}
