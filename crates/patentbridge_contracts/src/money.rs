//! Amounts in fen printed the way a Chinese contract prints them: yuan with
//! two decimals and thousands separators, and the capital amount (大写金额)
//! that makes a figure hard to alter after signing.
//!
//! The capital amount follows the usual bank-form rules: digits
//! 壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four and 万/亿 between
//! groups, one 零 for any run of zeros inside the number, 元 then 角 and 分,
//! and 整 when the amount stops at 元 or 角.

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS: [&str; 4] = ["", "拾", "佰", "仟"];

/// `1234567` fen → `"12,345.67"`.
pub fn format_yuan(fen: u64) -> String {
    let yuan = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", fen % 100)
}

/// `8_000_000` fen → `"捌万元整"`; `0` → `"零元整"`; `5` → `"伍分"`.
pub fn capital_amount(fen: u64) -> String {
    let yuan = fen / 100;
    let jiao = (fen / 10 % 10) as usize;
    let fen_digit = (fen % 10) as usize;
    if fen == 0 {
        return "零元整".to_string();
    }
    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&integer_capital(yuan));
        out.push('元');
    }
    match (jiao, fen_digit) {
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            // 壹佰元零伍分: the zero jiao is spoken so 伍分 is not misread as 伍角.
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

/// The capital amount with the currency, as written in a contract.
pub fn rmb_capital(fen: u64) -> String {
    format!("人民币{}", capital_amount(fen))
}

/// A positive integer in capital numerals; 亿 and 万 recurse so that 10^12
/// reads 壹万亿.
fn integer_capital(n: u64) -> String {
    const YI: u64 = 100_000_000;
    const WAN: u64 = 10_000;
    let (high, unit, low, divisor) = if n >= YI {
        (n / YI, "亿", n % YI, YI)
    } else if n >= WAN {
        (n / WAN, "万", n % WAN, WAN)
    } else {
        return group_capital(n);
    };
    let mut out = integer_capital(high);
    out.push_str(unit);
    if low > 0 {
        // A gap at the top of the lower part (壹万零伍) is read as one 零.
        if low < divisor / 10 {
            out.push('零');
        }
        out.push_str(&integer_capital(low));
    }
    out
}

/// 1..=9999 in capital numerals, with one 零 for inner zeros (壹仟零壹).
fn group_capital(n: u64) -> String {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (pos, &d) in digits.iter().enumerate() {
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(SMALL_UNITS[3 - pos]);
    }
    out
}

/// Basis points as a percentage with two decimals: `350` → `"3.50%"`.
pub fn percent(bp: u32) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_thousand_yuan_is_written_ba_wan_yuan_zheng() {
        assert_eq!(capital_amount(8_000_000), "捌万元整");
        assert_eq!(rmb_capital(8_000_000), "人民币捌万元整");
    }

    #[test]
    fn zero_is_ling_yuan_zheng() {
        assert_eq!(capital_amount(0), "零元整");
    }

    #[test]
    fn every_digit_and_small_unit_appears_in_the_right_place() {
        assert_eq!(
            capital_amount(123_456_789),
            "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"
        );
        assert_eq!(capital_amount(1000), "壹拾元整");
        assert_eq!(capital_amount(10_000_000), "壹拾万元整");
    }

    #[test]
    fn inner_zeros_are_read_as_a_single_ling() {
        assert_eq!(capital_amount(100_100), "壹仟零壹元整");
        assert_eq!(capital_amount(101_000), "壹仟零壹拾元整");
        assert_eq!(capital_amount(1_000_100), "壹万零壹元整");
        assert_eq!(capital_amount(10_010_000_000), "壹亿零壹拾万元整");
        assert_eq!(capital_amount(10_100_000_000), "壹亿零壹佰万元整");
        assert_eq!(capital_amount(10_100_000), "壹拾万壹仟元整");
    }

    #[test]
    fn trailing_zeros_of_a_group_are_not_spoken() {
        assert_eq!(capital_amount(120_000_000), "壹佰贰拾万元整");
        assert_eq!(capital_amount(2_000_000_000_000), "贰佰亿元整");
        assert_eq!(capital_amount(100_000_000_000_000), "壹万亿元整");
    }

    #[test]
    fn jiao_and_fen_are_written_with_zheng_only_when_fen_is_zero() {
        assert_eq!(capital_amount(150), "壹元伍角整");
        assert_eq!(capital_amount(105), "壹元零伍分");
        assert_eq!(capital_amount(156), "壹元伍角陆分");
        assert_eq!(capital_amount(5), "伍分");
        assert_eq!(capital_amount(50), "伍角整");
        assert_eq!(capital_amount(56), "伍角陆分");
    }

    #[test]
    fn yuan_are_grouped_by_thousands_with_two_decimals() {
        assert_eq!(format_yuan(8_000_000), "80,000.00");
        assert_eq!(format_yuan(123_456_789), "1,234,567.89");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(100_000), "1,000.00");
    }

    #[test]
    fn basis_points_print_as_percent() {
        assert_eq!(percent(350), "3.50%");
        assert_eq!(percent(2000), "20.00%");
    }
}
