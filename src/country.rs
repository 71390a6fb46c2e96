//! Countries by ISO 3166-1 code, so that statements can name a country by alpha-2, alpha-3 or English name and are always stored as alpha-2.

/// One country of ISO 3166-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case ("AM").
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 code, upper case ("ARM").
    pub alpha3: &'static str,
    /// English short name ("Armenia").
    pub name: &'static str,
}

const fn c(alpha2: &'static str, alpha3: &'static str, name: &'static str) -> Country {
    Country {
        alpha2,
        alpha3,
        name,
    }
}

/// Every country of ISO 3166-1, plus the historical and exceptionally reserved codes listed below, sorted by alpha-2.
///
/// Beyond the 249 current ISO 3166-1 entries, the table holds:
/// - `XK`/`XKX` Kosovo (user-assigned, but widely used);
/// - `EU`/`EUU` European Union (exceptionally reserved);
/// - `CS`/`CSK` Czechoslovakia, `DD`/`DDR` East Germany, `SU`/`SUN` Soviet Union,
///   `YD`/`YMD` South Yemen and `YU`/`YUG` Yugoslavia (historical codes, needed for
///   the UN General Debate corpus).
pub static COUNTRIES: &[Country] = &[
    c("AD", "AND", "Andorra"),
    c("AE", "ARE", "United Arab Emirates"),
    c("AF", "AFG", "Afghanistan"),
    c("AG", "ATG", "Antigua and Barbuda"),
    c("AI", "AIA", "Anguilla"),
    c("AL", "ALB", "Albania"),
    c("AM", "ARM", "Armenia"),
    c("AO", "AGO", "Angola"),
    c("AQ", "ATA", "Antarctica"),
    c("AR", "ARG", "Argentina"),
    c("AS", "ASM", "American Samoa"),
    c("AT", "AUT", "Austria"),
    c("AU", "AUS", "Australia"),
    c("AW", "ABW", "Aruba"),
    c("AX", "ALA", "Åland Islands"),
    c("AZ", "AZE", "Azerbaijan"),
    c("BA", "BIH", "Bosnia and Herzegovina"),
    c("BB", "BRB", "Barbados"),
    c("BD", "BGD", "Bangladesh"),
    c("BE", "BEL", "Belgium"),
    c("BF", "BFA", "Burkina Faso"),
    c("BG", "BGR", "Bulgaria"),
    c("BH", "BHR", "Bahrain"),
    c("BI", "BDI", "Burundi"),
    c("BJ", "BEN", "Benin"),
    c("BL", "BLM", "Saint Barthélemy"),
    c("BM", "BMU", "Bermuda"),
    c("BN", "BRN", "Brunei"),
    c("BO", "BOL", "Bolivia"),
    c("BQ", "BES", "Caribbean Netherlands"),
    c("BR", "BRA", "Brazil"),
    c("BS", "BHS", "Bahamas"),
    c("BT", "BTN", "Bhutan"),
    c("BV", "BVT", "Bouvet Island"),
    c("BW", "BWA", "Botswana"),
    c("BY", "BLR", "Belarus"),
    c("BZ", "BLZ", "Belize"),
    c("CA", "CAN", "Canada"),
    c("CC", "CCK", "Cocos (Keeling) Islands"),
    c("CD", "COD", "DR Congo"),
    c("CF", "CAF", "Central African Republic"),
    c("CG", "COG", "Congo"),
    c("CH", "CHE", "Switzerland"),
    c("CI", "CIV", "Côte d'Ivoire"),
    c("CK", "COK", "Cook Islands"),
    c("CL", "CHL", "Chile"),
    c("CM", "CMR", "Cameroon"),
    c("CN", "CHN", "China"),
    c("CO", "COL", "Colombia"),
    c("CR", "CRI", "Costa Rica"),
    c("CS", "CSK", "Czechoslovakia"),
    c("CU", "CUB", "Cuba"),
    c("CV", "CPV", "Cabo Verde"),
    c("CW", "CUW", "Curaçao"),
    c("CX", "CXR", "Christmas Island"),
    c("CY", "CYP", "Cyprus"),
    c("CZ", "CZE", "Czechia"),
    c("DD", "DDR", "East Germany"),
    c("DE", "DEU", "Germany"),
    c("DJ", "DJI", "Djibouti"),
    c("DK", "DNK", "Denmark"),
    c("DM", "DMA", "Dominica"),
    c("DO", "DOM", "Dominican Republic"),
    c("DZ", "DZA", "Algeria"),
    c("EC", "ECU", "Ecuador"),
    c("EE", "EST", "Estonia"),
    c("EG", "EGY", "Egypt"),
    c("EH", "ESH", "Western Sahara"),
    c("ER", "ERI", "Eritrea"),
    c("ES", "ESP", "Spain"),
    c("ET", "ETH", "Ethiopia"),
    c("EU", "EUU", "European Union"),
    c("FI", "FIN", "Finland"),
    c("FJ", "FJI", "Fiji"),
    c("FK", "FLK", "Falkland Islands"),
    c("FM", "FSM", "Micronesia"),
    c("FO", "FRO", "Faroe Islands"),
    c("FR", "FRA", "France"),
    c("GA", "GAB", "Gabon"),
    c("GB", "GBR", "United Kingdom"),
    c("GD", "GRD", "Grenada"),
    c("GE", "GEO", "Georgia"),
    c("GF", "GUF", "French Guiana"),
    c("GG", "GGY", "Guernsey"),
    c("GH", "GHA", "Ghana"),
    c("GI", "GIB", "Gibraltar"),
    c("GL", "GRL", "Greenland"),
    c("GM", "GMB", "Gambia"),
    c("GN", "GIN", "Guinea"),
    c("GP", "GLP", "Guadeloupe"),
    c("GQ", "GNQ", "Equatorial Guinea"),
    c("GR", "GRC", "Greece"),
    c("GS", "SGS", "South Georgia and the South Sandwich Islands"),
    c("GT", "GTM", "Guatemala"),
    c("GU", "GUM", "Guam"),
    c("GW", "GNB", "Guinea-Bissau"),
    c("GY", "GUY", "Guyana"),
    c("HK", "HKG", "Hong Kong"),
    c("HM", "HMD", "Heard Island and McDonald Islands"),
    c("HN", "HND", "Honduras"),
    c("HR", "HRV", "Croatia"),
    c("HT", "HTI", "Haiti"),
    c("HU", "HUN", "Hungary"),
    c("ID", "IDN", "Indonesia"),
    c("IE", "IRL", "Ireland"),
    c("IL", "ISR", "Israel"),
    c("IM", "IMN", "Isle of Man"),
    c("IN", "IND", "India"),
    c("IO", "IOT", "British Indian Ocean Territory"),
    c("IQ", "IRQ", "Iraq"),
    c("IR", "IRN", "Iran"),
    c("IS", "ISL", "Iceland"),
    c("IT", "ITA", "Italy"),
    c("JE", "JEY", "Jersey"),
    c("JM", "JAM", "Jamaica"),
    c("JO", "JOR", "Jordan"),
    c("JP", "JPN", "Japan"),
    c("KE", "KEN", "Kenya"),
    c("KG", "KGZ", "Kyrgyzstan"),
    c("KH", "KHM", "Cambodia"),
    c("KI", "KIR", "Kiribati"),
    c("KM", "COM", "Comoros"),
    c("KN", "KNA", "Saint Kitts and Nevis"),
    c("KP", "PRK", "North Korea"),
    c("KR", "KOR", "South Korea"),
    c("KW", "KWT", "Kuwait"),
    c("KY", "CYM", "Cayman Islands"),
    c("KZ", "KAZ", "Kazakhstan"),
    c("LA", "LAO", "Laos"),
    c("LB", "LBN", "Lebanon"),
    c("LC", "LCA", "Saint Lucia"),
    c("LI", "LIE", "Liechtenstein"),
    c("LK", "LKA", "Sri Lanka"),
    c("LR", "LBR", "Liberia"),
    c("LS", "LSO", "Lesotho"),
    c("LT", "LTU", "Lithuania"),
    c("LU", "LUX", "Luxembourg"),
    c("LV", "LVA", "Latvia"),
    c("LY", "LBY", "Libya"),
    c("MA", "MAR", "Morocco"),
    c("MC", "MCO", "Monaco"),
    c("MD", "MDA", "Moldova"),
    c("ME", "MNE", "Montenegro"),
    c("MF", "MAF", "Saint Martin"),
    c("MG", "MDG", "Madagascar"),
    c("MH", "MHL", "Marshall Islands"),
    c("MK", "MKD", "North Macedonia"),
    c("ML", "MLI", "Mali"),
    c("MM", "MMR", "Myanmar"),
    c("MN", "MNG", "Mongolia"),
    c("MO", "MAC", "Macao"),
    c("MP", "MNP", "Northern Mariana Islands"),
    c("MQ", "MTQ", "Martinique"),
    c("MR", "MRT", "Mauritania"),
    c("MS", "MSR", "Montserrat"),
    c("MT", "MLT", "Malta"),
    c("MU", "MUS", "Mauritius"),
    c("MV", "MDV", "Maldives"),
    c("MW", "MWI", "Malawi"),
    c("MX", "MEX", "Mexico"),
    c("MY", "MYS", "Malaysia"),
    c("MZ", "MOZ", "Mozambique"),
    c("NA", "NAM", "Namibia"),
    c("NC", "NCL", "New Caledonia"),
    c("NE", "NER", "Niger"),
    c("NF", "NFK", "Norfolk Island"),
    c("NG", "NGA", "Nigeria"),
    c("NI", "NIC", "Nicaragua"),
    c("NL", "NLD", "Netherlands"),
    c("NO", "NOR", "Norway"),
    c("NP", "NPL", "Nepal"),
    c("NR", "NRU", "Nauru"),
    c("NU", "NIU", "Niue"),
    c("NZ", "NZL", "New Zealand"),
    c("OM", "OMN", "Oman"),
    c("PA", "PAN", "Panama"),
    c("PE", "PER", "Peru"),
    c("PF", "PYF", "French Polynesia"),
    c("PG", "PNG", "Papua New Guinea"),
    c("PH", "PHL", "Philippines"),
    c("PK", "PAK", "Pakistan"),
    c("PL", "POL", "Poland"),
    c("PM", "SPM", "Saint Pierre and Miquelon"),
    c("PN", "PCN", "Pitcairn Islands"),
    c("PR", "PRI", "Puerto Rico"),
    c("PS", "PSE", "Palestine"),
    c("PT", "PRT", "Portugal"),
    c("PW", "PLW", "Palau"),
    c("PY", "PRY", "Paraguay"),
    c("QA", "QAT", "Qatar"),
    c("RE", "REU", "Réunion"),
    c("RO", "ROU", "Romania"),
    c("RS", "SRB", "Serbia"),
    c("RU", "RUS", "Russia"),
    c("RW", "RWA", "Rwanda"),
    c("SA", "SAU", "Saudi Arabia"),
    c("SB", "SLB", "Solomon Islands"),
    c("SC", "SYC", "Seychelles"),
    c("SD", "SDN", "Sudan"),
    c("SE", "SWE", "Sweden"),
    c("SG", "SGP", "Singapore"),
    c("SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha"),
    c("SI", "SVN", "Slovenia"),
    c("SJ", "SJM", "Svalbard and Jan Mayen"),
    c("SK", "SVK", "Slovakia"),
    c("SL", "SLE", "Sierra Leone"),
    c("SM", "SMR", "San Marino"),
    c("SN", "SEN", "Senegal"),
    c("SO", "SOM", "Somalia"),
    c("SR", "SUR", "Suriname"),
    c("SS", "SSD", "South Sudan"),
    c("ST", "STP", "São Tomé and Príncipe"),
    c("SU", "SUN", "Soviet Union"),
    c("SV", "SLV", "El Salvador"),
    c("SX", "SXM", "Sint Maarten"),
    c("SY", "SYR", "Syria"),
    c("SZ", "SWZ", "Eswatini"),
    c("TC", "TCA", "Turks and Caicos Islands"),
    c("TD", "TCD", "Chad"),
    c("TF", "ATF", "French Southern Territories"),
    c("TG", "TGO", "Togo"),
    c("TH", "THA", "Thailand"),
    c("TJ", "TJK", "Tajikistan"),
    c("TK", "TKL", "Tokelau"),
    c("TL", "TLS", "Timor-Leste"),
    c("TM", "TKM", "Turkmenistan"),
    c("TN", "TUN", "Tunisia"),
    c("TO", "TON", "Tonga"),
    c("TR", "TUR", "Türkiye"),
    c("TT", "TTO", "Trinidad and Tobago"),
    c("TV", "TUV", "Tuvalu"),
    c("TW", "TWN", "Taiwan"),
    c("TZ", "TZA", "Tanzania"),
    c("UA", "UKR", "Ukraine"),
    c("UG", "UGA", "Uganda"),
    c("UM", "UMI", "United States Minor Outlying Islands"),
    c("US", "USA", "United States"),
    c("UY", "URY", "Uruguay"),
    c("UZ", "UZB", "Uzbekistan"),
    c("VA", "VAT", "Vatican City"),
    c("VC", "VCT", "Saint Vincent and the Grenadines"),
    c("VE", "VEN", "Venezuela"),
    c("VG", "VGB", "British Virgin Islands"),
    c("VI", "VIR", "U.S. Virgin Islands"),
    c("VN", "VNM", "Vietnam"),
    c("VU", "VUT", "Vanuatu"),
    c("WF", "WLF", "Wallis and Futuna"),
    c("WS", "WSM", "Samoa"),
    c("XK", "XKX", "Kosovo"),
    c("YD", "YMD", "South Yemen"),
    c("YE", "YEM", "Yemen"),
    c("YT", "MYT", "Mayotte"),
    c("YU", "YUG", "Yugoslavia"),
    c("ZA", "ZAF", "South Africa"),
    c("ZM", "ZMB", "Zambia"),
    c("ZW", "ZWE", "Zimbabwe"),
];

/// Common alternative names, as (alias, alpha-2). Official UN and ISO long
/// forms, former names and everyday abbreviations. Aliases are compared after
/// the same normalisation as names, so only one spelling of each is needed.
static ALIASES: &[(&str, &str)] = &[
    // Abbreviations.
    ("USA", "US"),
    ("US", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("UAE", "AE"),
    ("DRC", "CD"),
    ("PRC", "CN"),
    ("ROC", "TW"),
    ("ROK", "KR"),
    ("DPRK", "KP"),
    ("USSR", "SU"),
    ("U.S.S.R.", "SU"),
    ("GDR", "DD"),
    ("FRG", "DE"),
    ("CAR", "CF"),
    ("BiH", "BA"),
    ("PNG", "PG"),
    // United States and United Kingdom.
    ("United States of America", "US"),
    ("America", "US"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    // Europe.
    ("Russian Federation", "RU"),
    ("Turkey", "TR"),
    ("Republic of Türkiye", "TR"),
    ("Czech Republic", "CZ"),
    ("Slovak Republic", "SK"),
    ("Macedonia", "MK"),
    ("Republic of North Macedonia", "MK"),
    ("The former Yugoslav Republic of Macedonia", "MK"),
    ("Former Yugoslav Republic of Macedonia", "MK"),
    ("FYROM", "MK"),
    ("Republic of Moldova", "MD"),
    ("Moldova, Republic of", "MD"),
    ("Holy See", "VA"),
    ("Holy See (Vatican City State)", "VA"),
    ("Vatican", "VA"),
    ("Vatican City State", "VA"),
    ("Holland", "NL"),
    ("Netherlands (Kingdom of the)", "NL"),
    ("Kingdom of the Netherlands", "NL"),
    ("Republic of Armenia", "AM"),
    ("Republic of Azerbaijan", "AZ"),
    ("Byelorussia", "BY"),
    ("Byelorussian SSR", "BY"),
    ("Belorussia", "BY"),
    ("Ukrainian SSR", "UA"),
    ("Federal Republic of Germany", "DE"),
    ("West Germany", "DE"),
    ("German Democratic Republic", "DD"),
    ("Soviet Union", "SU"),
    ("Union of Soviet Socialist Republics", "SU"),
    ("Federal Republic of Yugoslavia", "YU"),
    ("Socialist Federal Republic of Yugoslavia", "YU"),
    // ISO has no code left for Serbia and Montenegro (CS went to Czechoslovakia
    // here), and the UN General Debate corpus files it as Yugoslavia's successor.
    ("Serbia and Montenegro", "YU"),
    ("Czechoslovak Socialist Republic", "CS"),
    ("Republic of Kosovo", "XK"),
    ("Aland Islands", "AX"),
    ("Faeroe Islands", "FO"),
    ("Svalbard", "SJ"),
    // Asia.
    ("Republic of Korea", "KR"),
    ("Korea, Republic of", "KR"),
    ("Korea (the Republic of)", "KR"),
    ("Democratic People's Republic of Korea", "KP"),
    ("Korea, Democratic People's Republic of", "KP"),
    ("Korea (the Democratic People's Republic of)", "KP"),
    ("Iran, Islamic Republic of", "IR"),
    ("Iran (Islamic Republic of)", "IR"),
    ("Islamic Republic of Iran", "IR"),
    ("Persia", "IR"),
    ("Syrian Arab Republic", "SY"),
    ("Viet Nam", "VN"),
    ("Lao People's Democratic Republic", "LA"),
    ("Lao PDR", "LA"),
    ("State of Palestine", "PS"),
    ("Palestine, State of", "PS"),
    ("Palestinian Territories", "PS"),
    ("Occupied Palestinian Territory", "PS"),
    ("Burma", "MM"),
    ("East Timor", "TL"),
    ("Brunei Darussalam", "BN"),
    ("Taiwan, Province of China", "TW"),
    ("Republic of China", "TW"),
    ("Chinese Taipei", "TW"),
    ("People's Republic of China", "CN"),
    ("Hong Kong SAR", "HK"),
    ("Hong Kong SAR, China", "HK"),
    ("Macau", "MO"),
    ("Macao SAR", "MO"),
    ("Kampuchea", "KH"),
    ("Democratic Kampuchea", "KH"),
    ("Ceylon", "LK"),
    ("Kyrgyz Republic", "KG"),
    ("Kirghizia", "KG"),
    ("Yemen Arab Republic", "YE"),
    ("Democratic Yemen", "YD"),
    ("People's Democratic Republic of Yemen", "YD"),
    ("Yemen, Democratic", "YD"),
    ("Kingdom of Saudi Arabia", "SA"),
    ("KSA", "SA"),
    // Africa.
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Cape Verde", "CV"),
    ("Swaziland", "SZ"),
    ("Kingdom of Eswatini", "SZ"),
    ("United Republic of Tanzania", "TZ"),
    ("Tanzania, United Republic of", "TZ"),
    ("Democratic Republic of the Congo", "CD"),
    ("Congo, Democratic Republic of the", "CD"),
    ("Congo, The Democratic Republic of the", "CD"),
    ("Congo (the Democratic Republic of the)", "CD"),
    ("Congo-Kinshasa", "CD"),
    ("Zaire", "CD"),
    ("Republic of the Congo", "CG"),
    ("Congo, Republic of the", "CG"),
    ("Congo-Brazzaville", "CG"),
    ("Libyan Arab Jamahiriya", "LY"),
    ("Upper Volta", "BF"),
    ("Dahomey", "BJ"),
    ("Rhodesia", "ZW"),
    ("Gambia, The", "GM"),
    ("Sao Tome and Principe", "ST"),
    ("Saint Helena", "SH"),
    ("Western Sahara (Sahrawi Arab Democratic Republic)", "EH"),
    ("Sahrawi Arab Democratic Republic", "EH"),
    // Americas.
    ("Bolivia (Plurinational State of)", "BO"),
    ("Bolivia, Plurinational State of", "BO"),
    ("Plurinational State of Bolivia", "BO"),
    ("Venezuela (Bolivarian Republic of)", "VE"),
    ("Venezuela, Bolivarian Republic of", "VE"),
    ("Bolivarian Republic of Venezuela", "VE"),
    ("Bahamas, The", "BS"),
    ("Falkland Islands (Malvinas)", "FK"),
    ("Malvinas", "FK"),
    ("Saint Martin (French part)", "MF"),
    ("Sint Maarten (Dutch part)", "SX"),
    ("Bonaire, Sint Eustatius and Saba", "BQ"),
    ("Virgin Islands, British", "VG"),
    ("Virgin Islands, U.S.", "VI"),
    ("United States Virgin Islands", "VI"),
    ("St Kitts and Nevis", "KN"),
    ("St Lucia", "LC"),
    ("St Vincent and the Grenadines", "VC"),
    ("Saint Barthelemy", "BL"),
    ("Curacao", "CW"),
    // Oceania.
    ("Micronesia (Federated States of)", "FM"),
    ("Micronesia, Federated States of", "FM"),
    ("Federated States of Micronesia", "FM"),
    ("Pitcairn", "PN"),
    ("Western Samoa", "WS"),
    ("Keeling Islands", "CC"),
    ("Cocos Islands", "CC"),
    // Organisations.
    ("EU", "EU"),
];

/// ISO 3166-1's user-assigned alpha-2 codes (AA, QM to QZ, XA to XZ, ZZ), which the
/// standard leaves to users for entities it gives no code: the sides of many conflicts
/// speak for one (the Kurdistan Region, Abkhazia, Northern Cyprus, Somaliland), and
/// without a code their statements could have no country, and no `--country` found
/// them. An archive chooses what each stands for; the name shown is the code. Sorted,
/// and without XK, which [`COUNTRIES`] has as Kosovo. The alpha-3 code given to each
/// (its alpha-2 and X) is in the user-assigned alpha-3 ranges, as XKX is.
pub static USER_ASSIGNED: &[Country] = &[
    c("AA", "AAX", "AA"),
    c("QM", "QMX", "QM"),
    c("QN", "QNX", "QN"),
    c("QO", "QOX", "QO"),
    c("QP", "QPX", "QP"),
    c("QQ", "QQX", "QQ"),
    c("QR", "QRX", "QR"),
    c("QS", "QSX", "QS"),
    c("QT", "QTX", "QT"),
    c("QU", "QUX", "QU"),
    c("QV", "QVX", "QV"),
    c("QW", "QWX", "QW"),
    c("QX", "QXX", "QX"),
    c("QY", "QYX", "QY"),
    c("QZ", "QZX", "QZ"),
    c("XA", "XAX", "XA"),
    c("XB", "XBX", "XB"),
    c("XC", "XCX", "XC"),
    c("XD", "XDX", "XD"),
    c("XE", "XEX", "XE"),
    c("XF", "XFX", "XF"),
    c("XG", "XGX", "XG"),
    c("XH", "XHX", "XH"),
    c("XI", "XIX", "XI"),
    c("XJ", "XJX", "XJ"),
    c("XL", "XLX", "XL"),
    c("XM", "XMX", "XM"),
    c("XN", "XNX", "XN"),
    c("XO", "XOX", "XO"),
    c("XP", "XPX", "XP"),
    c("XQ", "XQX", "XQ"),
    c("XR", "XRX", "XR"),
    c("XS", "XSX", "XS"),
    c("XT", "XTX", "XT"),
    c("XU", "XUX", "XU"),
    c("XV", "XVX", "XV"),
    c("XW", "XWX", "XW"),
    c("XX", "XXX", "XX"),
    c("XY", "XYX", "XY"),
    c("XZ", "XZX", "XZ"),
    c("ZZ", "ZZX", "ZZ"),
];

/// How to name a country: the advice of every "unknown country" message.
pub const ADVICE: &str = "use an ISO 3166-1 code such as AM or ARM, or an English name";

/// Regions and de facto states that speak for themselves in conflicts and have no ISO
/// 3166-1 code: for one of them a user-assigned code is the answer, not the country whose
/// name is closest ("Kurdistan" was asked "did you mean Saint Helena, Ascension and
/// Tristan da Cunha?").
const WITHOUT_A_CODE: &[&str] = &[
    "Kurdistan",
    "Kurdistan Region",
    "Kurdistan Region of Iraq",
    "Iraqi Kurdistan",
    "Rojava",
    "Artsakh",
    "Nagorno-Karabakh",
    "Karabakh",
    "Abkhazia",
    "South Ossetia",
    "Northern Cyprus",
    "Turkish Republic of Northern Cyprus",
    "Somaliland",
    "Puntland",
    "Transnistria",
    "Pridnestrovie",
];

/// Returns "did you mean …?" for a country name that [`lookup`] does not know, naming the
/// closest countries when some are close (`Azerbajan`); None when none is, or when the
/// name is of a region with no code (see [`advice`]).
pub fn did_you_mean(input: &str) -> Option<String> {
    if without_a_code(input).is_some() {
        return None;
    }
    let names = COUNTRIES.iter().map(|country| country.name);
    crate::suggest::did_you_mean(&crate::suggest::closest(
        &crate::model::label_text(input),
        names,
        3,
    ))
}

/// Returns how to give a country [`lookup`] does not know: for a region with no code of
/// its own (`Kurdistan`), how to use a user-assigned code; else [`ADVICE`].
pub fn advice(input: &str) -> String {
    match without_a_code(input) {
        Some(name) => format!(
            "{name} has no ISO 3166-1 code: choose a user-assigned one, from QM to QZ or XA to XZ (XK is Kosovo's), and give it to all its statements"
        ),
        None => ADVICE.to_string(),
    }
}

/// The region with no code that `input` names, as the list writes it.
fn without_a_code(input: &str) -> Option<&'static str> {
    let key = normalise(input.trim());
    WITHOUT_A_CODE
        .iter()
        .find(|name| normalise(name) == key)
        .copied()
}

/// Returns the user-assigned code `code` is (any case), if it is one (see
/// [`USER_ASSIGNED`]).
#[must_use]
pub fn user_assigned(code: &str) -> Option<&'static Country> {
    let upper = code.trim().to_ascii_uppercase();
    USER_ASSIGNED
        .binary_search_by(|c| c.alpha2.cmp(upper.as_str()))
        .ok()
        .map(|i| &USER_ASSIGNED[i])
}

/// Returns the country named by an alpha-2 code (a user-assigned one too, see
/// [`USER_ASSIGNED`]), an alpha-3 code or an English name (or a common alternative name),
/// ignoring case, surrounding whitespace, invisible format characters (direction marks)
/// and diacritics-free punctuation differences such as "Cote d'Ivoire" vs "Côte d’Ivoire".
#[must_use]
pub fn lookup(input: &str) -> Option<&'static Country> {
    // As every label is read: a direction mark copied with the name is no part of it.
    let cleaned = crate::model::label_text(input);
    let trimmed: &str = &cleaned;
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = match trimmed.len() {
            2 => by_alpha2(trimmed).or_else(|| user_assigned(trimmed)),
            3 => COUNTRIES
                .iter()
                .find(|c| c.alpha3.eq_ignore_ascii_case(trimmed)),
            _ => None,
        };
        if code.is_some() {
            return code;
        }
    }
    let key = normalise(trimmed);
    if key.is_empty() {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|c| normalise(c.name) == key)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| normalise(alias) == key)
                .and_then(|&(_, alpha2)| by_alpha2(alpha2))
        })
}

/// Returns the country with this alpha-2 code (case-insensitive).
#[must_use]
pub fn by_alpha2(code: &str) -> Option<&'static Country> {
    let code = code.trim();
    if code.len() != 2 {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    COUNTRIES
        .binary_search_by(|c| c.alpha2.cmp(upper.as_str()))
        .ok()
        .map(|i| &COUNTRIES[i])
}

/// Normalises a name for comparison: lower case, Latin diacritics stripped,
/// curly apostrophes made straight, "&" read as "and", periods dropped,
/// hyphens, commas and parentheses treated as spaces, a leading "the" dropped
/// and runs of whitespace collapsed to one space.
fn normalise(s: &str) -> String {
    let mut flat = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            '.' => {}
            '’' | '‘' | '`' | '´' | 'ʼ' => flat.push('\''),
            '&' => flat.push_str(" and "),
            '-' | '‐' | '‑' | '–' | '—' | ',' | '(' | ')' | '/' => flat.push(' '),
            _ => match fold(ch) {
                Some(folded) => flat.push_str(folded),
                None => flat.push(ch),
            },
        }
    }
    let words: Vec<&str> = flat.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// ASCII replacement for a lower-case Latin letter with a diacritic.
fn fold(ch: char) -> Option<&'static str> {
    let folded = match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn alpha2_of(input: &str) -> Option<&'static str> {
        lookup(input).map(|c| c.alpha2)
    }

    #[test]
    fn table_has_every_iso_entry_and_the_extras() {
        // 249 current ISO 3166-1 entries + XK + EU + CS, DD, SU, YD, YU.
        assert_eq!(COUNTRIES.len(), 256);
    }

    #[test]
    fn alpha2_codes_are_two_upper_case_letters_and_unique() {
        let mut seen = HashSet::new();
        for c in COUNTRIES {
            assert_eq!(c.alpha2.len(), 2, "{c:?}");
            assert!(c.alpha2.bytes().all(|b| b.is_ascii_uppercase()), "{c:?}");
            assert!(seen.insert(c.alpha2), "duplicate alpha2 {}", c.alpha2);
        }
    }

    #[test]
    fn alpha3_codes_are_three_upper_case_letters_and_unique() {
        let mut seen = HashSet::new();
        for c in COUNTRIES {
            assert_eq!(c.alpha3.len(), 3, "{c:?}");
            assert!(c.alpha3.bytes().all(|b| b.is_ascii_uppercase()), "{c:?}");
            assert!(seen.insert(c.alpha3), "duplicate alpha3 {}", c.alpha3);
        }
    }

    #[test]
    fn names_are_non_empty() {
        assert!(COUNTRIES.iter().all(|c| !c.name.trim().is_empty()));
    }

    #[test]
    fn table_is_sorted_by_alpha2() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].alpha2 < w[1].alpha2));
    }

    #[test]
    fn every_alias_points_to_a_country_in_the_table() {
        for (alias, alpha2) in ALIASES {
            assert!(by_alpha2(alpha2).is_some(), "{alias} -> {alpha2}");
            assert_eq!(alpha2_of(alias), Some(*alpha2), "{alias}");
        }
    }

    #[test]
    fn no_normalised_name_or_alias_is_ambiguous() {
        let mut keys: HashMap<String, &str> = HashMap::new();
        let names = COUNTRIES.iter().map(|c| (c.name, c.alpha2));
        for (text, alpha2) in names.chain(ALIASES.iter().copied()) {
            let previous = keys.insert(normalise(text), alpha2);
            if let Some(previous) = previous {
                assert_eq!(previous, alpha2, "{text} is claimed by two countries");
            }
        }
    }

    #[test]
    fn every_name_and_code_finds_its_country() {
        for c in COUNTRIES {
            assert_eq!(lookup(c.alpha2), Some(c));
            assert_eq!(lookup(c.alpha3), Some(c));
            assert_eq!(lookup(c.name), Some(c));
            assert_eq!(lookup(&c.name.to_uppercase()), Some(c));
        }
    }

    #[test]
    fn lookup_by_code() {
        assert_eq!(alpha2_of("AM"), Some("AM"));
        assert_eq!(alpha2_of("am"), Some("AM"));
        assert_eq!(alpha2_of(" arm "), Some("AM"));
        assert_eq!(alpha2_of("SUN"), Some("SU"));
        assert_eq!(alpha2_of("YUG"), Some("YU"));
        assert_eq!(alpha2_of("XKX"), Some("XK"));
    }

    #[test]
    fn lookup_by_name_and_alias() {
        assert_eq!(alpha2_of("Armenia"), Some("AM"));
        assert_eq!(alpha2_of("Republic of Azerbaijan"), Some("AZ"));
        assert_eq!(alpha2_of("Russian Federation"), Some("RU"));
        assert_eq!(alpha2_of("Türkiye"), Some("TR"));
        assert_eq!(alpha2_of("Turkiye"), Some("TR"));
        assert_eq!(alpha2_of("Turkey"), Some("TR"));
        assert_eq!(alpha2_of("Cote d'Ivoire"), Some("CI"));
        assert_eq!(alpha2_of("Côte d’Ivoire"), Some("CI"));
        assert_eq!(alpha2_of("  united   STATES  "), Some("US"));
        assert_eq!(alpha2_of("U.S."), Some("US"));
        assert_eq!(alpha2_of("Korea, Republic of"), Some("KR"));
        assert_eq!(alpha2_of("The Gambia"), Some("GM"));
        assert_eq!(alpha2_of("Trinidad & Tobago"), Some("TT"));
        assert_eq!(alpha2_of("Guinea Bissau"), Some("GW"));
        assert_eq!(alpha2_of("Soviet Union"), Some("SU"));
    }

    /// ISO's user-assigned codes were refused, so a region with no code of its own
    /// could not be a speaker's country, and "Kurdistan" was asked "did you mean Saint
    /// Helena, Ascension and Tristan da Cunha?".
    #[test]
    fn user_assigned_codes_are_countries_shown_as_their_code() {
        assert_eq!(USER_ASSIGNED.len(), 41);
        assert!(USER_ASSIGNED
            .windows(2)
            .all(|pair| pair[0].alpha2 < pair[1].alpha2));
        let named: HashSet<&str> = COUNTRIES
            .iter()
            .flat_map(|c| [c.alpha2, c.alpha3])
            .collect();
        for entry in USER_ASSIGNED {
            assert_eq!(entry.name, entry.alpha2);
            assert!(
                !named.contains(entry.alpha2) && !named.contains(entry.alpha3),
                "{entry:?}"
            );
            assert_eq!(lookup(&entry.alpha2.to_lowercase()), Some(entry));
        }
        for code in [
            "AA",
            "QM",
            "QN",
            "QZ",
            "XA",
            "XN",
            "XZ",
            "ZZ",
            " qn ",
            "QN\u{200e}",
        ] {
            let expected = code.trim_matches([' ', '\u{200e}']).to_uppercase();
            assert_eq!(alpha2_of(code), Some(expected.as_str()), "{code:?}");
        }
        // Kosovo keeps its name, and a named country is not a user-assigned code.
        assert_eq!(lookup("XK").map(|c| c.name), Some("Kosovo"));
        assert_eq!(user_assigned("XK"), None);
        assert_eq!(user_assigned("AM"), None);
        assert_eq!(user_assigned("QK"), None);
        for region in [
            "Kurdistan",
            "kurdistan region",
            "Abkhazia",
            "Nagorno-Karabakh",
            "Northern Cyprus",
        ] {
            assert_eq!(lookup(region), None, "{region}");
            assert_eq!(did_you_mean(region), None, "{region}");
            assert!(
                advice(region).contains("user-assigned one, from QM to QZ or XA to XZ"),
                "{region}"
            );
        }
        assert!(did_you_mean("Azerbajan").is_some());
        assert_eq!(advice("Azerbajan"), ADVICE);
    }

    #[test]
    fn unknown_input_is_none() {
        assert_eq!(lookup("Atlantis"), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("   "), None);
        assert_eq!(lookup("QL1"), None);
        assert_eq!(lookup("QL"), None);
        assert_eq!(lookup("ZZZ"), None);
        assert_eq!(lookup("England"), None);
        assert_eq!(by_alpha2("ARM"), None);
    }

    #[test]
    fn by_alpha2_ignores_case() {
        assert_eq!(by_alpha2("am").map(|c| c.alpha3), Some("ARM"));
        assert_eq!(by_alpha2("Tr").map(|c| c.name), Some("Türkiye"));
    }
}
