//! The posting encoding: base64 VLQ numbers, as in source maps.

pub(super) const B64: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 VLQ: 5 bits per character, low bits first, bit 6 set on all but the last character.
pub(super) fn vlq(mut v: u32, out: &mut String) {
    loop {
        let digit = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(B64[digit as usize] as char);
            return;
        }
        out.push(B64[(digit | 32) as usize] as char);
    }
}
