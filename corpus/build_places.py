#!/usr/bin/env python3
"""Builds corpus/places.tsv, the place-name gazetteer of the Armenia–Azerbaijan border areas.

The archive expands a search for one name of a place to every name of that place, so a name
shipped under the wrong place gives wrong search results. This script therefore keeps only
the GeoNames names it can vouch for, and merges a hand-curated list (HAND and ADDED below)
that fixes what GeoNames gets wrong and adds the border villages GeoNames lacks.

Usage (from the repository root):

    python3 corpus/build_places.py ../shared/gazetteer/geonames-am-az.tsv > corpus/places.tsv

The TSV goes to stdout; the admin1 table, the filter counts and the validation report go to
stderr. The script exits non-zero when validation fails. Standard library only.

Contains data from GeoNames (https://www.geonames.org/), CC BY 4.0.
"""

import argparse
import collections
import csv
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------
# Regions kept: GeoNames admin1 code -> first-level division in English.
# Learnt from the admin1 table (with example places) that this script prints to stderr.
# ---------------------------------------------------------------------------------------

ADMIN1 = {
    ("AM", "02"): "Ararat",
    ("AM", "04"): "Gegharkunik",
    ("AM", "08"): "Syunik",
    ("AM", "09"): "Tavush",
    ("AM", "10"): "Vayots Dzor",
    ("AZ", "03"): "Aghdam",
    ("AZ", "05"): "Aghstafa",
    ("AZ", "14"): "Jabrayil",
    ("AZ", "16"): "Dashkasan",
    ("AZ", "18"): "Fuzuli",
    ("AZ", "19"): "Gadabay",
    ("AZ", "26"): "Kalbajar",
    ("AZ", "28"): "Lachin",
    ("AZ", "35"): "Nakhchivan",
    ("AZ", "40"): "Gazakh",
    ("AZ", "43"): "Gubadli",
    ("AZ", "55"): "Shusha",
    ("AZ", "56"): "Shusha",
    ("AZ", "57"): "Tartar",
    ("AZ", "58"): "Tovuz",
    ("AZ", "61"): "Khankendi",
    ("AZ", "64"): "Khojaly",
    ("AZ", "65"): "Khojavend",
    ("AZ", "69"): "Zangilan",
}

# GeoNames rows in the kept regions that are not shipped as places of their own.
SKIP = {
    409419: "Shusha City (admin unit): the same place as the town of Shusha",
    409421: "Xankəndi (admin unit): the same place as the city of Khankendi",
    148412: "Nakhchivan City (admin unit): the same place as the city of Nakhchivan",
    8411069: "Naxçıvan (admin unit): the same place as the city of Nakhchivan",
    585509: "Mirbəşir Rayonu: the Soviet-era name of Tartar District",
}

# Urban settlements (towns and cities) by geonameid; every other populated place is a village.
# A town becomes a city when its GeoNames population is 15,000 or more, or it is listed in
# CITIES (Khankendi's GeoNames population, 2,100, is wrong). Aghdam's and Fuzuli's GeoNames
# populations are pre-war figures for towns ruined in 1993, so they stay towns.
URBAN = {
    # Syunik
    174875, 174895, 174763, 174880, 174823, 175008,
    # Tavush
    616627, 616752, 616802, 616333, 616840,
    # Gegharkunik
    616599, 616250, 616438, 616108, 616786,
    # Vayots Dzor
    174710, 174726, 174884,
    # Ararat
    174979, 174991, 616435, 174725,
    # Azerbaijan: district seats and other towns
    584821, 585802, 585226, 587362, 586265, 586573, 586765, 587271, 586268, 147625, 147305,
    146901, 147504, 148141, 148106, 148003, 148619, 147774, 148450, 146969, 147105, 146970,
    584871, 147429, 146858, 148251, 147368, 148413, 147278, 8326746,
}
CITIES = {146970}
NOT_CITIES = {148619, 148106, 585802}  # Aghdam, Fuzuli (ruined); Govlar (a qəsəbə)
CITY_POPULATION = 15000

# First-level divisions among the A rows: kind "region". Other A rows are districts.
REGION_ROWS = {409314, 828265, 828261, 409315, 409313, 147435}

# ---------------------------------------------------------------------------------------
# Hand curation of GeoNames places, keyed by geonameid.
#   slug, canonical, kind, region: override the derived values.
#   drop: names (exact) that are wrong for this place and are removed.
#   only: when True the GeoNames names are ignored and `names` is the whole list.
#   names: "name|language|used_by" rows to add, or to re-label when GeoNames has them.
# Names given here are claimed for the place: the collision filters never drop them, and
# GeoNames spellings of them under any other place are dropped.
# ---------------------------------------------------------------------------------------

HAND = {
    # --- Armenia: provinces ---------------------------------------------------------------
    409314: dict(slug="syunik", canonical="Syunik", names=[
        "Syunik|en|", "Syunik Province|en|", "Սյունիք|hy|AM", "Սյունիքի մարզ|hy|AM",
        "Сюник|ru|", "Сюникская область|ru|"], only=True),
    828265: dict(slug="tavush", canonical="Tavush", names=[
        "Tavush|en|", "Tavush Province|en|", "Տավուշ|hy|AM", "Տավուշի մարզ|hy|AM",
        "Тавуш|ru|", "Тавушская область|ru|"], only=True),
    828261: dict(slug="gegharkunik", canonical="Gegharkunik", names=[
        "Gegharkunik|en|", "Gegharkunik Province|en|", "Գեղարքունիք|hy|AM",
        "Գեղարքունիքի մարզ|hy|AM", "Гегаркуник|ru|", "Гегаркуникская область|ru|"],
        only=True),
    409315: dict(slug="vayots-dzor", canonical="Vayots Dzor", names=[
        "Vayots Dzor|en|", "Vayots Dzor Province|en|", "Վայոց ձոր|hy|AM",
        "Վայոց ձորի մարզ|hy|AM", "Вайоц Дзор|ru|", "Вайоцдзорская область|ru|"], only=True),
    409313: dict(slug="ararat-province", canonical="Ararat Province", names=[
        "Ararat Province|en|", "Արարատի մարզ|hy|AM", "Араратская область|ru|"], only=True),
    # --- Syunik ---------------------------------------------------------------------------
    174875: dict(names=[  # Kapan
        "Kapan|en|", "Կապան|hy|AM", "Ghapan|hy-Latn|AM", "Qafan|az|AZ", "Gafan|en|AZ",
        "Kafan|en|", "Кафан|ru|", "Капан|ru|"],
        drop=["YUK", "Madan", "Katan", "Zangezur", "Kafin"]),
    174895: dict(names=["Goris|en|", "Գորիս|hy|AM", "Gorus|az|AZ", "Горис|ru|",
                        "Герюсы|ru|"]),
    174763: dict(names=["Sisian|en|", "Սիսիան|hy|AM", "Сисиан|ru|", "Sisyan|en|"]),
    174823: dict(names=["Meghri|en|", "Մեղրի|hy|AM", "Mehri|az|AZ", "Мегри|ru|"]),
    175008: dict(names=["Agarak|en|", "Ագարակ|hy|AM", "Агарак|ru|"]),
    174880: dict(names=["Kajaran|en|", "Քաջարան|hy|AM", "Qacaran|az|AZ", "Каджаран|ru|"],
                 drop=["Kagarano", "Katzaran"]),
    174743: dict(names=["Tegh|en|", "Տեղ|hy|AM", "Тех|ru|"], drop=["Lekh", "Dyg", "Tex"]),
    174926: dict(names=["Davit Bek|en|", "Դավիթ Բեկ|hy|AM", "Давид-Бек|ru|"],
                 drop=["David Bay", "David Bəy"]),
    174849: dict(names=["Khndzoresk|en|", "Խնձորեսկ|hy|AM", "Хндзореск|ru|"]),
    11211596: dict(drop=["Zangazur"]),  # Hartashen: Zangezur is the region
    13132983: dict(canonical="Syunik (village)", only=True, names=[]),  # spellings: province
    # --- Gegharkunik ----------------------------------------------------------------------
    616041: dict(names=[  # Sotk
        "Sotk|en|", "Սոթք|hy|AM", "Zod|az|AZ", "Сотк|ru|", "Зод|ru|"]),
    616108: dict(names=[  # Vardenis
        "Vardenis|en|", "Վարդենիս|hy|AM", "Basarkeçər|az|AZ", "Basarkechar|en|AZ",
        "Варденис|ru|"]),
    616786: dict(names=["Chambarak|en|", "Ճամբարակ|hy|AM", "Çəmbərək|az|AZ",
                        "Krasnoselsk|en|AZ", "Чамбарак|ru|", "Красносельск|ru|"]),
    616688: dict(canonical="Gegharkunik (village)", only=True, names=[]),  # spellings: province
    616216: dict(drop=["Shorzha", "Shorja", "Sorza", "Шоржа", "Շորժա"]),  # Shoghakat
    616599: dict(drop=["Kamo", "Կամո"]),  # Gavar: Kamo is a revolutionary's name
    616137: dict(names=["Ծովազարդ|hy|AM"]),  # Tsovazard: GeoNames has it in lower case
    610813: dict(drop=["Karmir", "Gyukh"]),  # Karmirgyugh: "red", "village"
    616411: dict(drop=["Mazra"]),  # Mets Masrik: "hamlet"
    616348: dict(drop=["Efendi"]),  # Norashen (Gegharkunik): a title
    # --- Vayots Dzor ----------------------------------------------------------------------
    174884: dict(names=["Jermuk|en|", "Ջերմուկ|hy|AM", "Джермук|ru|"]),
    # --- Tavush ---------------------------------------------------------------------------
    616802: dict(only=True, names=["Berd|en|", "Բերդ|hy|AM", "Берд|ru|"]),
    616162: dict(canonical="Tavush (village)", only=True, names=[]),  # names: Tovuz-like
    616074: dict(only=True, names=[  # Voskepar: old names are Askipara look-alikes
        "Voskepar|en|", "Ոսկեպար|hy|AM", "Воскепар|ru|"]),
    616403: dict(drop=["Moses", "Մոսես"],  # Movses
                 names=["Movses|en|", "Մովսես|hy|AM", "Mosesqex|az|AZ", "Мовсес|ru|"]),
    616829: dict(names=["Baghanis|en|", "Բաղանիս|hy|AM", "Баганис|ru|"],
                 drop=["Boganis-Ayrum", "Boganis-Ajrum", "Boghanis-Ayrum", "Բողանիս-Այրում",
                       "Боганис-Айрум"]),
    616333: dict(drop=["Baran", "Barana", "Բարան", "Բարանա", "Баран", "Барана"]),
    616780: dict(names=["Chinari|en|", "Չինարի|hy|AM", "Çinari|az|AZ", "Чинари|ru|"]),
    616519: dict(names=["Koti|en|", "Կոթի|hy|AM", "Коти|ru|"]),
    # --- Ararat ---------------------------------------------------------------------------
    174979: dict(drop=["Armenian Carthage", "Haykakan Kartʻagen", "Հայկական Կարթագեն"]),
    391241: dict(names=["Yeraskh|en|", "Երասխ|hy|AM", "Ерасх|ru|"]),
    # --- Karabakh -------------------------------------------------------------------------
    146970: dict(slug="stepanakert", canonical="Stepanakert", only=True, names=[
        "Stepanakert|en|", "Khankendi|en|AZ", "Xankəndi|az|AZ", "Ստեփանակերտ|hy|AM",
        "Степанакерт|ru|AM", "Ханкенди|ru|AZ", "Vararakn|hy-Latn|", "Վարարակն|hy|"]),
    147105: dict(only=True, names=[  # Shusha
        "Shusha|en|", "Shushi|hy-Latn|AM", "Şuşa|az|AZ", "Շուշի|hy|AM", "Шуша|ru|",
        "Шуши|ru|AM"]),
    147625: dict(only=True, names=[  # Lachin
        "Lachin|en|", "Berdzor|hy-Latn|AM", "Laçın|az|AZ", "Բերձոր|hy|AM", "Լաչին|hy|",
        "Лачин|ru|", "Бердзор|ru|AM", "Abdallar|en|"]),
    586268: dict(only=True, names=[  # Kalbajar
        "Kalbajar|en|", "Kelbajar|en|", "Karvachar|hy-Latn|AM", "Kəlbəcər|az|AZ",
        "Քարվաճառ|hy|AM", "Քելբաջար|hy|", "Кельбаджар|ru|", "Карвачар|ru|AM"]),
    147774: dict(only=True, names=[  # Khojaly
        "Khojaly|en|", "Khojali|en|", "Ivanyan|hy-Latn|AM", "Xocalı|az|AZ", "Իվանյան|hy|AM",
        "Խոջալու|hy|", "Ходжалы|ru|", "Иванян|ru|AM"]),
    148449: dict(canonical="Khojaly District", names=[
        "Khojaly District|en|", "Xocalı rayonu|az|AZ", "Ходжалинский район|ru|"]),
    148450: dict(slug="askeran", canonical="Askeran", only=True, names=[
        "Askeran|en|", "Asgaran|en|AZ", "Əsgəran|az|AZ", "Ասկերան|hy|AM", "Аскеран|ru|"]),
    146969: dict(only=True, names=[  # Khojavend: "Martuni" is the Gegharkunik town's name
        "Khojavend|en|", "Xocavənd|az|AZ", "Ходжавенд|ru|"]),
    409423: dict(canonical="Khojavend District", names=[
        "Khojavend District|en|", "Xocavənd rayonu|az|AZ", "Ходжавендский район|ru|"]),
    148141: dict(only=True, names=[  # Jabrayil
        "Jabrayil|en|", "Jebrail|en|", "Cəbrayıl|az|AZ", "Jrakan|hy-Latn|AM",
        "Ջրական|hy|AM", "Mekhakavan|hy-Latn|AM", "Մեխակավան|hy|AM", "Ջաբրաիլ|hy|",
        "Джебраил|ru|"]),
    148106: dict(only=True, names=[  # Fuzuli
        "Fuzuli|en|", "Fizuli|en|", "Füzuli|az|AZ", "Varanda|hy-Latn|AM", "Վարանդա|hy|AM",
        "Ֆիզուլի|hy|", "Физули|ru|", "Karyagino|en|", "Карягино|ru|"]),
    147305: dict(only=True, names=[  # Gubadli
        "Gubadli|en|", "Kubatly|en|", "Qubadlı|az|AZ", "Sanasar|hy-Latn|AM",
        "Սանասար|hy|AM", "Ղուբաթլու|hy|", "Губадлы|ru|", "Кубатлы|ru|"]),
    146901: dict(only=True, names=[  # Zangilan
        "Zangilan|en|", "Zangelan|en|", "Zəngilan|az|AZ", "Kovsakan|hy-Latn|AM",
        "Կովսական|hy|AM", "Զանգելան|hy|", "Зангилан|ru|", "Зангелан|ru|"]),
    147504: dict(canonical="Minjivan", slug="minjivan", names=[
        "Minjivan|en|", "Mincivan|az|AZ"]),
    148619: dict(only=True, names=[  # Aghdam
        "Aghdam|en|", "Agdam|en|", "Ağdam|az|AZ", "Akna|hy-Latn|AM", "Ակնա|hy|AM",
        "Աղդամ|hy|", "Агдам|ru|"]),
    147969: dict(names=["Istisu|en|", "İstisu|az|AZ", "Jermajur|hy-Latn|AM",
                        "Ջերմաջուր|hy|AM", "Истису|ru|"]),
    584747: dict(drop=["Gandzasar"]),  # Vank: Gandzasar is the monastery above it
    # --- Districts of Azerbaijan near Armenia ---------------------------------------------
    584821: dict(only=True, names=[  # Tovuz
        "Tovuz|en|", "Tauz|en|", "Товуз|ru|", "Тауз|ru|", "Թովուզ|hy|"]),
    585226: dict(only=True, names=[  # Gazakh: "Kazakh", "Kazak" are other words
        "Gazakh|en|", "Qazax|az|AZ", "Газах|ru|", "Ղազախ|hy|"]),
    587362: dict(names=["Aghstafa|en|", "Ağstafa|az|AZ", "Akstafa|en|", "Агстафа|ru|",
                        "Акстафа|ru|", "Աղստաֆա|hy|"]),
    586573: dict(names=["Gadabay|en|", "Gədəbəy|az|AZ", "Kedabek|en|", "Кедабек|ru|",
                        "Գետաբեկ|hy|AM"]),
    586765: dict(only=True, names=[  # Dashkasan: the Yukhari names are the village's
        "Dashkasan|en|", "Dashkesan|en|", "Daşkəsən|az|AZ", "Дашкесан|ru|",
        "Դաշքեսան|hy|"]),
    # --- Nakhchivan -----------------------------------------------------------------------
    147435: dict(slug="nakhchivan", canonical="Nakhchivan", only=True, names=[
        "Nakhchivan|en|", "Nakhchivan Autonomous Republic|en|", "Nakhichevan|en|",
        "Naxçıvan|az|AZ", "Naxçıvan Muxtar Respublikası|az|AZ", "Nakhijevan|hy-Latn|AM",
        "Նախիջևան|hy|AM", "Нахичевань|ru|", "Нахчыван|ru|AZ",
        "Нахичеванская Автономная Республика|ru|"]),
    147429: dict(slug="nakhchivan-city", canonical="Nakhchivan City", only=True, names=[
        "Nakhchivan City|en|", "Naxçıvan şəhəri|az|AZ"]),
    146858: dict(slug="sharur", canonical="Sharur", only=True, names=[
        "Sharur|en|", "Şərur|az|AZ", "Шарур|ru|", "Շարուր|hy|", "Bash-Norashen|hy-Latn|",
        "Բաշնորաշեն|hy|"]),
    147282: dict(slug="sadarak", canonical="Sadarak", names=[
        "Sadarak|en|", "Sədərək|az|AZ", "Садарак|ru|"]),
    148413: dict(slug="babek", canonical="Babek", names=[
        "Babek|en|", "Babək|az|AZ", "Бабек|ru|"], drop=["Babekskiy"]),
    7669114: dict(canonical="Babek District"),
    148251: dict(only=True, names=[  # Julfa: "Jolfa" is the Iranian town across the Aras
        "Julfa|en|", "Culfa|az|AZ", "Джульфа|ru|", "Ջուլֆա|hy|", "Jugha|hy-Latn|AM",
        "Ջուղա|hy|AM"]),
    146958: dict(drop=["Yaji-ye Azarbayjan", "Eayici"]),  # Yayji: Persian, junk
    148640: dict(canonical="Abragunus", slug="abragunus", names=["Əbrəqunus|az|AZ"]),
    147283: dict(canonical="Sabirkand", slug="sabirkand", names=["Sabirkənd|az|AZ"]),
    148484: dict(canonical="Ashaghi Aylis", slug="ashaghi-aylis",
                 names=["Aşağı Əylis|az|AZ"]),
    148225: dict(canonical="Dasta", slug="dasta", names=["Dəstə|az|AZ"]),
}

# Russian names of the districts of Azerbaijan, keyed by geonameid of the district.
DISTRICT_RU = {
    148617: "Агдамский район", 828297: "Агстафинский район", 148140: "Джебраильский район",
    586771: "Дашкесанский район", 148107: "Физулинский район", 627535: "Кедабекский район",
    586047: "Кельбаджарский район", 147626: "Лачинский район", 586087: "Газахский район",
    147694: "Губадлинский район", 147163: "Шушинский район", 409420: "Тертерский район",
    584861: "Товузский район", 146900: "Зангеланский район", 147212: "Шахбузский район",
    147365: "Ордубадский район", 147997: "Шарурский район", 148132: "Джульфинский район",
    409387: "Садаракский район", 7669114: "Бабекский район", 8014931: "Кенгерлинский район",
}

# Places GeoNames lacks, added from the curator's own knowledge.
ADDED = [
    # --- Syunik: villages on the border with Azerbaijan ------------------------------------
    dict(slug="nerkin-hand", country="AM", kind="village", region="Syunik",
         canonical="Nerkin Hand", names=[
             "Nerkin Hand|en|", "Ներքին Հանդ|hy|AM", "Nerkin-And|en|AZ", "Неркин Анд|ru|",
             "Неркин Ханд|ru|"]),
    dict(slug="verin-hand", country="AM", kind="village", region="Syunik",
         canonical="Verin Hand", names=["Verin Hand|en|", "Վերին Հանդ|hy|AM",
                                        "Верин Анд|ru|", "Верин Ханд|ru|"]),
    dict(slug="chakaten", country="AM", kind="village", region="Syunik",
         canonical="Chakaten", names=["Chakaten|en|", "Ճակատեն|hy|AM", "Чакатен|ru|"]),
    dict(slug="srashen", country="AM", kind="village", region="Syunik",
         canonical="Srashen", names=["Srashen|en|", "Սրաշեն|hy|AM", "Срашен|ru|"]),
    dict(slug="shikahogh", country="AM", kind="village", region="Syunik",
         canonical="Shikahogh", names=["Shikahogh|en|", "Շիկահող|hy|AM", "Шикаох|ru|"]),
    dict(slug="tsav", country="AM", kind="village", region="Syunik",
         canonical="Tsav", names=["Tsav|en|", "Ծավ|hy|AM", "Цав|ru|"]),
    dict(slug="aghvani", country="AM", kind="village", region="Syunik",
         canonical="Aghvani", names=["Aghvani|en|", "Աղվանի|hy|AM", "Агвани|ru|"]),
    dict(slug="shurnukh", country="AM", kind="village", region="Syunik",
         canonical="Shurnukh", names=["Shurnukh|en|", "Շուռնուխ|hy|AM", "Шурнух|ru|"]),
    dict(slug="vorotan", country="AM", kind="village", region="Syunik",
         canonical="Vorotan", names=["Vorotan|en|", "Որոտան|hy|AM", "Воротан|ru|"]),
    dict(slug="khoznavar", country="AM", kind="village", region="Syunik",
         canonical="Khoznavar", names=["Khoznavar|en|", "Խոզնավար|hy|AM",
                                       "Хознавар|ru|"]),
    dict(slug="ishkhanasar", country="AM", kind="village", region="Syunik",
         canonical="Ishkhanasar", names=["Ishkhanasar|en|", "Իշխանասար|hy|AM",
                                         "Ишханасар|ru|"]),
    # --- Gegharkunik: villages on the border with Kalbajar ---------------------------------
    dict(slug="kut", country="AM", kind="village", region="Gegharkunik",
         canonical="Kut", names=["Kut|en|", "Կութ|hy|AM", "Кут|ru|"]),
    dict(slug="ayrk", country="AM", kind="village", region="Gegharkunik",
         canonical="Ayrk", names=["Ayrk|en|", "Այրք|hy|AM", "Айрк|ru|"]),
    dict(slug="verin-shorzha", country="AM", kind="village", region="Gegharkunik",
         canonical="Verin Shorzha", names=["Verin Shorzha|en|", "Վերին Շորժա|hy|AM",
                                           "Верин Шоржа|ru|"]),
    dict(slug="nerkin-shorzha", country="AM", kind="village", region="Gegharkunik",
         canonical="Nerkin Shorzha", names=["Nerkin Shorzha|en|", "Ներքին Շորժա|hy|AM",
                                            "Неркин Шоржа|ru|"]),
    dict(slug="norabak", country="AM", kind="village", region="Gegharkunik",
         canonical="Norabak", names=["Norabak|en|", "Նորաբակ|hy|AM", "Норабак|ru|"]),
    # --- Tavush: villages on the border with Gazakh and Tovuz ------------------------------
    dict(slug="aygepar", country="AM", kind="village", region="Tavush",
         canonical="Aygepar", names=["Aygepar|en|", "Այգեպար|hy|AM", "Ayqepar|az|AZ",
                                     "Айгепар|ru|"]),
    dict(slug="kirants", country="AM", kind="village", region="Tavush",
         canonical="Kirants", names=["Kirants|en|", "Կիրանց|hy|AM", "Киранц|ru|"]),
    dict(slug="berkaber", country="AM", kind="village", region="Tavush",
         canonical="Berkaber", names=["Berkaber|en|", "Բերքաբեր|hy|AM", "Беркабер|ru|"]),
    # --- Regions --------------------------------------------------------------------------
    dict(slug="zangezur", country="AM", kind="region", region="Syunik",
         canonical="Zangezur", names=[
             "Zangezur|en|", "Zəngəzur|az|AZ", "Զանգեզուր|hy|", "Зангезур|ru|"]),
    dict(slug="karabakh", country="AZ", kind="region", region="Karabakh",
         canonical="Nagorno-Karabakh", names=[
             "Nagorno-Karabakh|en|", "Karabakh|en|", "Nagorny Karabakh|en|",
             "Mountainous Karabakh|en|", "Qarabağ|az|AZ", "Dağlıq Qarabağ|az|AZ",
             "Artsakh|hy-Latn|AM", "Արցախ|hy|AM", "Լեռնային Ղարաբաղ|hy|AM", "Ղարաբաղ|hy|",
             "Нагорный Карабах|ru|", "Карабах|ru|", "Арцах|ru|AM"]),
    dict(slug="kashatagh", country="AZ", kind="region", region="Lachin",
         canonical="Kashatagh", names=["Kashatagh|en|AM", "Քաշաթաղ|hy|AM",
                                       "Кашатаг|ru|AM"]),
    # --- Karabakh: towns and villages -----------------------------------------------------
    dict(slug="hadrut", country="AZ", kind="town", region="Khojavend",
         canonical="Hadrut", names=["Hadrut|en|", "Հադրութ|hy|AM", "Гадрут|ru|"]),
    dict(slug="martakert", country="AZ", kind="town", region="Tartar",
         canonical="Martakert", names=[
             "Martakert|en|", "Aghdara|en|AZ", "Ağdərə|az|AZ", "Մարտակերտ|hy|AM",
             "Мартакерт|ru|", "Агдере|ru|AZ"]),
    dict(slug="talish", country="AZ", kind="village", region="Tartar",
         canonical="Talish", names=["Talish|en|", "Talış|az|AZ", "Թալիշ|hy|AM"]),
    dict(slug="sugovushan", country="AZ", kind="village", region="Tartar",
         canonical="Sugovushan", names=[
             "Sugovushan|en|", "Suqovuşan|az|AZ", "Madaghis|hy-Latn|AM", "Մատաղիս|hy|AM",
             "Суговушан|ru|", "Мадагиз|ru|"]),
    dict(slug="dashalti", country="AZ", kind="village", region="Shusha",
         canonical="Dashalti", names=[
             "Dashalti|en|", "Daşaltı|az|AZ", "Karin Tak|hy-Latn|AM", "Քարին տակ|hy|AM",
             "Дашалты|ru|"]),
    # --- Gazakh, Tovuz, Zangilan: villages on the border with Armenia ----------------------
    dict(slug="baganis-ayrum", country="AZ", kind="village", region="Gazakh",
         canonical="Baganis Ayrum", names=[
             "Baganis Ayrum|en|", "Bağanis Ayrım|az|AZ", "Боганис-Айрум|ru|",
             "Баганис Айрум|ru|", "Բողանիս-Այրում|hy|", "Boganis-Ayrum|en|"]),
    dict(slug="ashaghi-askipara", country="AZ", kind="village", region="Gazakh",
         canonical="Ashaghi Askipara", names=[
             "Ashaghi Askipara|en|", "Aşağı Əskipara|az|AZ", "Ашагы Аскипара|ru|"]),
    dict(slug="yukhari-askipara", country="AZ", kind="village", region="Gazakh",
         canonical="Yukhari Askipara", names=[
             "Yukhari Askipara|en|", "Yuxarı Əskipara|az|AZ", "Юхары Аскипара|ru|",
             "Verin Voskepar|hy-Latn|AM", "Վերին Ոսկեպար|hy|AM"]),
    dict(slug="barkhudarly", country="AZ", kind="village", region="Gazakh",
         canonical="Barkhudarly", names=["Barkhudarly|en|", "Barxudarlı|az|AZ",
                                         "Бархударлы|ru|"]),
    dict(slug="karki", country="AZ", kind="village", region="Nakhchivan",
         canonical="Karki", names=["Karki|en|", "Kərki|az|AZ", "Tigranashen|hy-Latn|AM",
                                   "Տիգրանաշեն|hy|AM", "Тигранашен|ru|AM"]),
    dict(slug="kheyrimli", country="AZ", kind="village", region="Gazakh",
         canonical="Kheyrimli", names=["Kheyrimli|en|", "Xeyrimli|az|AZ", "Хейримли|ru|"]),
    dict(slug="gizilhajili", country="AZ", kind="village", region="Gazakh",
         canonical="Gizilhajili", names=["Gizilhajili|en|", "Qızılhacılı|az|AZ",
                                         "Гызылгаджылы|ru|"]),
    dict(slug="kemerli", country="AZ", kind="village", region="Gazakh",
         canonical="Kemerli", names=["Kemerli|en|", "Kamarli|en|", "Kəmərli|az|AZ",
                                     "Кемерли|ru|"]),
    dict(slug="gushchu-ayrim", country="AZ", kind="village", region="Gazakh",
         canonical="Gushchu Ayrim", names=["Gushchu Ayrim|en|", "Quşçu Ayrım|az|AZ"]),
    dict(slug="sofulu", country="AZ", kind="village", region="Gazakh",
         canonical="Sofulu", names=["Sofulu|en|", "Софулу|ru|"]),
    dict(slug="kokhanebi", country="AZ", kind="village", region="Tovuz",
         canonical="Kokhanebi", names=["Kokhanebi|en|", "Koxanəbi|az|AZ"]),
    dict(slug="alibeyli", country="AZ", kind="village", region="Tovuz",
         canonical="Alibeyli", names=["Alibeyli|en|", "Əlibəyli|az|AZ", "Алибейли|ru|"]),
    dict(slug="aghband", country="AZ", kind="village", region="Zangilan",
         canonical="Aghband", names=["Aghband|en|", "Aghbend|en|", "Ağbənd|az|AZ",
                                     "Агбенд|ru|"]),
]

# Names shipped under no place. Soviet-era names shared with many places or taken from
# people (Kuybyshev, Mikoyan, Ordzhonikidze, Ilyichevsk), nicknames, and the descriptive
# names of collective farms and factories.
NEVER_RE = re.compile(
    r"(?i)kuybi?shev|kujbyshev|куйбышев|կույբիշև|mikojan|mikoye?an|микоян|միկոյ|ordzhonikidze|"
    r"orconikidze|орджоникидзе|il'?y?ichevsk|ильичевск|իլյիչևսկ|ilyicʻevsk|^ilich$|"
    r"^krasnoye$|mikha[jy]lovka|mixa[ye]*lovka|михайловка|միխա|aleksandrovka|nadezhdino|"
    r"sovetakert|sovkhoz|sovxoz|совхоз|սովխոզ|kombinat|комбинат|կոմբինատ|imeni|имени|"
    r"poselok|посёлок|поселок|zavod|завод|carthage|կարթագեն|\bavan$|\bаван$|\bավան$|"
    r"^sjalo |^сяло ")

# ---------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------

FOLD_SPECIAL = {"ə": "e", "Ə": "e", "ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l",
                "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"}


def fold(text, schwa="e"):
    """Returns text folded the way the archive folds names (src/fold.rs): NFKD, no combining
    marks, lower case, ə→e (or →a, as src/fold.rs now reads it), ı→i, every run of
    non-alphanumerics one space, trimmed."""
    out = []
    pending_space = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch).startswith("M"):
            continue
        if not ch.isalnum():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(schwa if ch in "əƏ" else FOLD_SPECIAL.get(ch, ch.lower()))
    return "".join(out)


APOSTROPHES = "'’‘ʻʼ"


def skeleton(text):
    """Returns the folded name without spaces and apostrophes: the key under which two
    spellings count as one name ("T'ovuz", "Tʻovuz" and "Tovuz" are one name)."""
    folded = fold("".join(" " if c in APOSTROPHES else c for c in text))
    return folded.replace(" ", "")


HY_LETTERS = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
    "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
    "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
    "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
    "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}

RU_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}

AZ_TO_EN = {"ə": "a", "Ə": "A", "ı": "i", "İ": "I", "ş": "sh", "Ş": "Sh", "ç": "ch",
            "Ç": "Ch", "ğ": "gh", "Ğ": "Gh", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
            "x": "kh", "X": "Kh", "c": "j", "C": "J", "q": "g", "Q": "G"}


def transliterate(text):
    """Returns an Armenian- or Cyrillic-script name in Latin letters (Eastern Armenian and
    Russian, both BGN-like). Latin text is returned unchanged."""
    out = []
    lower = text.lower()
    i = 0
    while i < len(lower):
        ch = lower[i]
        if ch == "ո" and i + 1 < len(lower) and lower[i + 1] == "ւ":
            out.append("u")
            i += 2
            continue
        word_start = i == 0 or not lower[i - 1].isalpha()
        if ch == "ե" and word_start:
            out.append("ye")
        elif ch == "ո" and word_start:
            out.append("vo")
        elif ch == "և" and word_start:
            out.append("yev")
        else:
            out.append(HY_LETTERS.get(ch) or RU_LETTERS.get(ch, ch))
        i += 1
    return "".join(out)


def az_to_en(text):
    """Returns an Azerbaijani Latin name in the English spelling of international media
    (Qubadlı → Gubadli, Cəbrayıl → Jabrayil, Xocalı → Khojali)."""
    return "".join(AZ_TO_EN.get(c, c) for c in text)


def english_keys(name):
    """Returns the skeletons of a name read as English: Armenian and Cyrillic transliterated
    (Джил → jil), and also with Azerbaijani spelling read the English way (Qafan → gafan)."""
    latin = transliterate(name).replace("dzh", "j")
    return {skeleton(latin), skeleton(az_to_en(latin))}


def spells(name, mains):
    """Returns true when name, read as English, is one of the main names."""
    keys = english_keys(name)
    return any(keys & english_keys(main) for main in mains)


LOOSE_STEPS = [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tch", "c"), ("ch", "c"), ("sh", "s"),
               ("kh", "x"), ("gh", "g"), ("ts", "c"), ("tz", "c"), ("dz", "j"), ("w", "v"),
               ("ou", "u"), ("q", "k"), ("g", "k"), ("h", ""), ("y", "i"), ("ii", "i"),
               ("j", "c"), ("e", "a")]


def loose(text):
    """Returns a lossy key that ignores the usual differences between romanisations
    (Ghapan/Gapan, Khojaly/Xocalı, Ходжалы/Khodzhaly). It decides whether a name is a
    spelling of a given place's main name; it never merges two places."""
    key = skeleton(az_to_en(transliterate(text)))
    for old, new in LOOSE_STEPS:
        key = key.replace(old, new)
    return key


def script_of(name):
    """Returns 'Latn', 'Cyrl' or 'Armn', or None for mixed or other scripts."""
    scripts = set()
    for ch in name:
        if not ch.isalpha() or ch in APOSTROPHES:
            continue
        uname = unicodedata.name(ch, "")
        if uname.startswith("LATIN"):
            scripts.add("Latn")
        elif uname.startswith("CYRILLIC"):
            scripts.add("Cyrl")
        elif uname.startswith("ARMENIAN"):
            scripts.add("Armn")
        else:
            return None
    if len(scripts) != 1:
        return None
    return scripts.pop()


AZ_LETTERS = set("əƏıİğĞşŞçÇöÖüÜ")
LATIN_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | AZ_LETTERS
RU_ALLOWED = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
# Spellings that mark an exonym in another European language, not English:
# German (sch, w), Polish (sz, cz, w), French (ou, tch).
FOREIGN_LATIN = re.compile(r"sch|sz|cz|w|ou|tch", re.IGNORECASE)
# Lithuanian (-as, -is), Esperanto (-o) and similar suffixed forms, dropped when the stem
# is itself a name of the place (Kapanas, Sisianas, Askerano).
FOREIGN_SUFFIXES = ("as", "is", "os", "o", "a", "e", "s")
# Words of administrative units, wrong under a town (GeoNames lists "Khojaly District" and
# "Ходжалинский район" under the town of Khojaly).
DISTRICT_WORDS = re.compile(
    r"(?i)\b(rayon|rayonu|rajon|rejon|district|distrito|daerah|piirikunta|province|"
    r"municipality|community|marz|marzi|район|рајон|համայնք|մարզ)\b|"
    r"(инская|инский|ская|ский)\b")
# English words that make a Latin name English whatever the place.
ENGLISH_WORDS = re.compile(
    r"\b(District|Province|Municipality|Community|City|Region|Autonomous Republic|Rayon)\b")
AZ_WORDS = re.compile(r"(?i)\b(rayonu|şəhəri|muxtar respublikası)\b")
SHORT = 4  # alternate names of this many letters or fewer are dropped unless vouched for


def letters(name):
    return [c for c in name if c.isalpha() and c not in APOSTROPHES]


def parse_spec(spec):
    name, language, used_by = spec.split("|")
    return name, language, used_by


# ---------------------------------------------------------------------------------------
# Reading GeoNames
# ---------------------------------------------------------------------------------------

def clean(name):
    """Returns a GeoNames name with its known encoding slips repaired: U+01DD (turned e)
    written for U+0259 (schwa), as in "Xankǝndi"."""
    return name.replace("ǝ", "ə").replace("Ǝ", "Ə").strip()


def split_names(field):
    """Returns the alternate names of one GeoNames field. Some entries pack several names
    into one, separated by two or more spaces; those are split."""
    names = []
    for part in field.split(","):
        for name in re.split(r"\s{2,}", part):
            name = clean(name)
            if name:
                names.append(name)
    return names


def read_geonames(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def print_admin1_table(rows, out):
    by_admin1 = collections.defaultdict(list)
    for row in rows:
        by_admin1[(row["country"], row["admin1"])].append(row)
    out.write("admin1 codes (* = kept: country code rows division -> region; largest places)\n")
    for key in sorted(by_admin1):
        group = by_admin1[key]
        divisions = [r["name"] for r in group if r["feature_class"] == "A"][:1]
        towns = sorted((r for r in group if r["feature_class"] == "P"),
                       key=lambda r: -int(r["population"] or 0))
        mark = "*" if key in ADMIN1 else " "
        out.write("  %s %s %s %3d  %-16s %-13s %s\n" % (
            mark, key[0], key[1], len(group), (divisions or ["-"])[0],
            ADMIN1.get(key, ""), ", ".join(r["name"] for r in towns[:4])))


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------

class Place:
    def __init__(self, slug, country, kind, region, canonical, geonameid=None,
                 main_names=(), population=0):
        self.slug = slug
        self.country = country
        self.kind = kind
        self.region = region
        self.canonical = canonical
        self.geonameid = geonameid
        self.main_names = [n for n in main_names if n]
        self.population = population
        self.names = collections.OrderedDict()  # name -> [language, used_by, source]
        self.hand = {}  # name -> (language, used_by) curated by hand
        self.claimed = set()  # skeletons of the hand-curated names

    def main_like(self, name):
        """Returns true when name is a spelling of this place's main name."""
        key = loose(name)
        return any(key == loose(main) for main in self.main_names)


def slugify(text):
    text = "".join({"ə": "a", "Ə": "A", "ı": "i"}.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^A-Za-z0-9]+", "-", text.lower()).strip("-")


class Stats:
    def __init__(self):
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)
        self.log = []

    def drop(self, reason, place, name):
        self.counts[reason] += 1
        self.log.append((reason, place, name))
        if len(self.examples[reason]) < 8:
            self.examples[reason].append("%s:%s" % (place, name))


def junk_reason(name, place, all_names, populated):
    """Returns why a GeoNames name is not kept, or None to keep it."""
    script = script_of(name)
    if script is None:
        return "script"  # not Latin, Cyrillic or Armenian, or mixed scripts
    if any(c.isdigit() for c in name):
        return "digits"
    if any(not (c.isalpha() or c in " -" or c in APOSTROPHES) for c in name) or any(
            unicodedata.category(c) == "Lm" and c not in APOSTROPHES for c in name):
        return "punctuation"  # @ _ . ( and modifier letters such as ˌ: transcriptions
    if re.search(r"[AEIOUaeiou]['’ʻ]", name) or re.search(r"[аеиоуыэюяАЕИОУЫЭЮЯ]ь", name):
        return "punctuation"  # A'ra'fsa', Аьраьфсаь: Chechen-style spellings of ə
    if letters(name)[0].islower():
        return "lower-case"  # GeoNames' automatic romanisations of other scripts
    if script == "Latn":
        if any(c not in LATIN_ALLOWED for c in letters(name)):
            return "foreign-latin"  # č, ž, ä, é, ĝ...: other languages' exonyms
        if FOREIGN_LATIN.search(name):
            return "foreign-latin"
        for suffix in FOREIGN_SUFFIXES:
            stem = name[: -len(suffix)]
            if name.endswith(suffix) and len(stem) >= 3 and stem in all_names:
                return "foreign-latin"
    if script == "Cyrl" and any(c not in RU_ALLOWED for c in letters(name)):
        return "non-russian-cyrillic"
    if NEVER_RE.search(name):
        return "soviet-or-descriptive"
    if populated and DISTRICT_WORDS.search(name):
        return "district-name"
    if len(letters(name)) <= SHORT and not spells(name, place.main_names):
        return "short"
    return None


def place_from_row(row):
    geonameid = int(row["geonameid"])
    hand = HAND.get(geonameid, {})
    if row["feature_class"] == "A":
        kind = "region" if geonameid in REGION_ROWS else "district"
    elif geonameid in URBAN:
        population = int(row["population"] or 0)
        big = population >= CITY_POPULATION and geonameid not in NOT_CITIES
        kind = "city" if big or geonameid in CITIES else "town"
    else:
        kind = "village"
    name = clean(row["name"])
    main_names = [name, row["asciiname"]]
    canonical = name
    if row["country"] == "AZ" and any(c in AZ_LETTERS for c in name):
        canonical = az_to_en(name)
    if kind == "district" and row["country"] == "AZ":
        canonical = az_to_en(name) + " District"
        main_names = [name + " rayonu"]
    canonical = hand.get("canonical", canonical)
    return Place(
        slug=hand.get("slug") or slugify(canonical),
        country=row["country"],
        kind=hand.get("kind", kind),
        region=hand.get("region", ADMIN1[(row["country"], row["admin1"])]),
        canonical=canonical,
        geonameid=geonameid,
        main_names=main_names + [canonical],
        population=int(row["population"] or 0),
    )


def raw_names(row):
    names = []
    for name in [clean(row["name"]), clean(row["asciiname"])] + split_names(
            row["alternatenames"]):
        if name not in names:
            names.append(name)
    return names


def build(rows, stats):
    """Returns the places to ship, each with its curated names."""
    kept = set()
    everyone = {}  # every GeoNames place takes part in the collision checks, kept or not
    for row in rows:
        geonameid = int(row["geonameid"])
        if (row["country"], row["admin1"]) in ADMIN1 and geonameid not in SKIP:
            place = place_from_row(row)
            kept.add(geonameid)
        else:
            place = Place(slugify(row["name"]), row["country"], "", "", row["name"],
                          geonameid, [clean(row["name"]), row["asciiname"]],
                          int(row["population"] or 0))
        everyone[geonameid] = place
        hand = HAND.get(geonameid, {})
        names = [] if hand.get("only") else raw_names(row)
        populated = row["feature_class"] == "P"
        curated = {parse_spec(spec)[0] for spec in hand.get("names", ())}
        for name in names:
            if name in curated:
                continue  # set below, with its curated labels
            reason = junk_reason(name, place, names, populated)
            if reason is None and name in hand.get("drop", ()):
                reason = "hand-removed"
            if reason:
                if geonameid in kept:
                    stats.drop(reason, place.slug, name)
                continue
            place.names[name] = [None, None, "geonames"]
        set_hand_names(place, hand.get("names", ()))
    for spec in ADDED:
        place = Place(spec["slug"], spec["country"], spec["kind"], spec["region"],
                      spec["canonical"], None, [spec["canonical"]])
        set_hand_names(place, spec["names"])
        everyone[spec["slug"]] = place
        kept.add(spec["slug"])

    drop_collisions(everyone, kept, stats)
    qualify_losers(everyone, kept, stats)
    drop_lookalikes(everyone, kept, stats)

    places = [everyone[k] for k in everyone if k in kept]
    for place in places:
        finish(place, stats)
    return places


def set_hand_names(place, specs):
    for spec in specs:
        name, language, used_by = parse_spec(spec)
        place.hand[name] = (language, used_by)
        place.claimed.add(skeleton(name))
        place.names[name] = [language, used_by, "geonames" if name in place.names else "hand"]


def drop_collisions(everyone, kept, stats):
    """Drops every spelling (skeleton) that several places list, except under its owner.

    A hand-curated name is owned by the place it was curated for. Otherwise the owners are
    the places whose main name it spells (Tovuz is the town's, not the Armenian village
    Tavush's); a spelling no holder owns is ambiguous and goes everywhere (Azizbekov, a
    former name of both Vayk and Zaritap). Several kept owners make a homonym."""
    holders = collections.defaultdict(set)
    for key, place in everyone.items():
        for name in place.names:
            holders[skeleton(name)].add(key)
    homonyms = {}
    for skel, keys in holders.items():
        if len(keys) < 2:
            continue
        claimants = {k for k in keys if skel in everyone[k].claimed}
        if claimants:
            owners = claimants
        else:
            owners = {k for k in keys if any(everyone[k].main_like(n)
                                             for n in everyone[k].names if skeleton(n) == skel)}
        for key in keys - owners:
            place = everyone[key]
            for name in [n for n in place.names if skeleton(n) == skel]:
                del place.names[name]
                if key in kept:
                    stats.drop("belongs-elsewhere" if owners else "ambiguous", place.slug, name)
        kept_owners = owners & kept
        if len(kept_owners) > 1:
            homonyms[skel] = kept_owners
        elif kept_owners and len(owners) > 1:
            OUTSIDE_LOG.append((skel, everyone[next(iter(kept_owners))].slug,
                                sorted(everyone[k].canonical for k in owners - kept_owners)))
    resolve_homonyms(everyone, kept, homonyms, stats)


def resolve_homonyms(everyone, kept, homonyms, stats):
    """Keeps a name that is the main name of several kept places for one of them at most.

    A populated place wins over an administrative unit of the same name (the town of Tovuz
    over Tovuz District), except that a province wins over a village (Syunik, Tavush,
    Gegharkunik). Between populated places the name goes to the one with five times the
    population of any other (the town of Martuni over the village of Martuni), otherwise to
    none (the three Norashens). A place that loses its main name loses every spelling of it
    and gets a qualified canonical name: "Norashen (Tavush)", "Martuni (village)"."""
    for skel, owners in sorted(homonyms.items()):
        ranked = sorted(owners, key=lambda k: -everyone[k].population)
        populated = [k for k in ranked if everyone[k].kind not in ("district", "region")]
        regions = [k for k in ranked if everyone[k].kind == "region"]
        if regions and all(everyone[k].kind == "village" for k in populated):
            winner = regions[0] if len(regions) == 1 else None
        elif len(populated) == 1:
            winner = populated[0]
        elif len(populated) > 1 and everyone[populated[0]].population >= \
                5 * everyone[populated[1]].population:
            winner = populated[0]
        else:
            winner = None
        HOMONYM_LOG.append((skel, everyone[winner] if winner else None,
                            [everyone[k] for k in owners if k != winner]))
        for key in owners:
            if key != winner:
                LOSERS[key].add(skel)
                place = everyone[key]
                for name in [n for n in place.names if skeleton(n) == skel]:
                    del place.names[name]
                    stats.drop("homonym", place.slug, name)


def qualify_losers(everyone, kept, stats):
    """Gives a qualified canonical name to every place that lost its main name to a
    homonym or to a hand-curated place, and drops its remaining spellings of that name."""
    holders = collections.defaultdict(set)
    for key in kept:
        for name in everyone[key].names:
            holders[skeleton(name)].add(key)
    for key in kept:
        place = everyone[key]
        skel = skeleton(place.canonical)
        if holders.get(skel, set()) - {key}:
            LOSERS[key].add(skel)
    for key, lost in LOSERS.items():
        place = everyone[key]
        if key not in kept or skeleton(place.canonical) not in lost:
            continue
        for name in list(place.names):
            if skeleton(name) not in place.claimed and place.main_like(name):
                del place.names[name]
                stats.drop("homonym", place.slug, name)
        # The places it shares the name with: the holder that won it, or fellow losers.
        rivals = holders.get(skeleton(place.canonical), set()) - {key}
        rivals |= {k for k in LOSERS if k != key and k in kept and LOSERS[k] & lost}
        regions = {everyone[k].region for k in rivals}
        qualifier = place.kind if place.region in regions else place.region
        place.canonical = "%s (%s)" % (place.canonical, qualifier)
        if not HAND.get(place.geonameid, {}).get("slug"):
            place.slug = slugify(place.canonical)


LOSERS = collections.defaultdict(set)
HOMONYM_LOG = []
OUTSIDE_LOG = []


def drop_lookalikes(everyone, kept, stats):
    """Drops names that spell another place's name without spelling their own place's:
    the Armenian-script Տովուզ (Tovuz) under the Armenian village Tavush, "Yukhary-
    Dashkesan" under the town of Dashkasan. Also drops an alternate name that is a run of
    words of another kept place's name, since a search for it would find that place:
    "Shorzha" under Shoghakat would find Verin Shorzha."""
    main_keys = collections.defaultdict(set)
    for key, place in everyone.items():
        for main in place.main_names + sorted(place.hand):
            main_keys[loose(main)].add(key)
    phrases = collections.defaultdict(set)
    for key in kept:
        place = everyone[key]
        for name in [place.canonical] + place.main_names + sorted(place.hand):
            words = fold(name).split()
            for start in range(len(words)):
                for end in range(start + 1, len(words) + 1):
                    if (start, end) != (0, len(words)):
                        phrases[" ".join(words[start:end])].add(key)
    for key in kept:
        place = everyone[key]
        for name in list(place.names):
            if skeleton(name) in place.claimed:
                continue
            if place.main_like(name):
                continue
            if main_keys.get(loose(name), set()) - {key}:
                del place.names[name]
                stats.drop("another-place's-name", place.slug, name)
            elif phrases.get(fold(name), set()) - {key}:
                del place.names[name]
                stats.drop("part-of-another-name", place.slug, name)


def classify(name, place, hy_keys):
    """Returns (language, used_by) for a GeoNames name of place.

    Armenian script is hy, Cyrillic is ru. Latin with Azerbaijani letters, or the words
    rayonu/şəhəri, is az, as are names of places in Azerbaijan in Azerbaijani spelling
    (initial X before a vowel, or Q). Latin with transliteration apostrophes (Ghap'an) is
    hy-Latn; so is a Latin name spelling one of the place's Armenian-script names (Kyavar
    for Քյավառ) unless it is the place's English main name. Every other Latin name is en.

    used_by is AM for the Armenian-script name that spells the main name of a place in
    Armenia (Կապան), AZ for the Azerbaijani name that spells the main name of a place in
    Azerbaijan (Ağdam); every other GeoNames name is neutral. The hand list adds the rest."""
    script = script_of(name)
    if script == "Armn":
        ok = place.country == "AM" and spells(name, place.main_names)
        return "hy", "AM" if ok else ""
    if script == "Cyrl":
        return "ru", ""
    if ENGLISH_WORDS.search(name):
        return "en", ""
    azeri = any(c in AZ_LETTERS for c in name) or AZ_WORDS.search(name) or (
        place.country == "AZ" and re.search(r"^X[aeiouəı]|[Qq]|x", name))
    if any(c in name for c in APOSTROPHES):
        return "hy-Latn", ""
    if azeri:
        ok = place.country == "AZ" and spells(name, place.main_names)
        return "az", "AZ" if ok else ""
    if skeleton(name) in {skeleton(m) for m in place.main_names}:
        return "en", ""
    if loose(name) in hy_keys:
        return "hy-Latn", ""
    return "en", ""


NAME_PREFERENCE = {"hand": 0, "derived": 1, "geonames": 2}


def finish(place, stats):
    """Adds the derived names, labels every name, and keeps one name per folded form."""
    if place.canonical not in place.names:
        place.names[place.canonical] = ["en", "", "derived"]
    if place.country == "AZ" and place.kind == "district" and place.geonameid:
        for name, language in ((place.main_names[0], "az"),
                               (DISTRICT_RU.get(place.geonameid), "ru")):
            if name and name not in place.names:
                place.names[name] = [language, "AZ" if language == "az" else "", "derived"]
    hy_keys = {loose(n) for n in place.names if script_of(n) == "Armn"}
    for name, value in place.names.items():
        if name in place.hand:
            value[0], value[1] = place.hand[name]
        elif value[0] is None:
            value[0], value[1] = classify(name, place, hy_keys)
    # Several AZ-marked spellings of one Azerbaijani name: keep the mark on the ones
    # written with Azerbaijani letters (Quzanlı, not Quzanli).
    marked = [n for n, v in place.names.items() if v[1] == "AZ" and n not in place.hand]
    if any(any(c in AZ_LETTERS for c in n) for n in marked):
        for name in marked:
            if not any(c in AZ_LETTERS for c in name):
                place.names[name][1] = ""
    # One GeoNames row per folded form: the canonical name, then hand-curated, then the
    # spelling with the most non-ASCII letters (Quzanlı over Quzanli).
    by_fold = collections.defaultdict(list)
    for name in place.names:
        by_fold[fold(name)].append(name)
    for group in by_fold.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda n: (n != place.canonical,
                                  NAME_PREFERENCE[place.names[n][2]],
                                  -sum(ord(c) > 127 for c in n),
                                  sum(c.isupper() for c in n), n))
        for name in group[1:]:
            if place.names[name][2] != "geonames":
                continue  # curated or derived spellings stay, with their own labels
            del place.names[name]
            stats.drop("same-folded-form", place.slug, name)


def validate(places):
    errors = []
    slugs = collections.Counter(p.slug for p in places)
    for slug, count in slugs.items():
        if count > 1:
            errors.append("slug %s used by %d places" % (slug, count))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            errors.append("slug %r is not lower-case ASCII" % slug)
    folded = collections.defaultdict(set)  # either reading of ə: Kəmərli is kemerli or kamarli
    for place in places:
        canon = [n for n in place.names if n == place.canonical]
        if len(canon) != 1:
            errors.append("%s has %d canonical rows" % (place.slug, len(canon)))
        if place.kind not in ("city", "town", "village", "district", "region"):
            errors.append("%s has kind %r" % (place.slug, place.kind))
        if place.country not in ("AM", "AZ"):
            errors.append("%s has country %r" % (place.slug, place.country))
        for name, (language, used_by, _) in place.names.items():
            folded[fold(name)].add(place.slug)
            folded[fold(name, schwa="a")].add(place.slug)
            if language not in ("en", "hy", "hy-Latn", "az", "ru"):
                errors.append("%s: %s has language %r" % (place.slug, name, language))
            if used_by not in ("", "AM", "AZ"):
                errors.append("%s: %s has used_by %r" % (place.slug, name, used_by))
            if "\t" in name or "\n" in name or name != name.strip() or not fold(name):
                errors.append("%s: bad name %r" % (place.slug, name))
            script = {"hy": "Armn", "ru": "Cyrl"}.get(language, "Latn")
            if script_of(name) != script:
                errors.append("%s: %s is not in the script of %s" % (place.slug, name, language))
    for key, slugs_with in folded.items():
        if len(slugs_with) > 1:
            errors.append("folded name %r under %s" % (key, ", ".join(sorted(slugs_with))))
    for spec in ADDED:
        if spec["slug"] not in slugs:
            errors.append("hand-added place %s is missing" % spec["slug"])
    return errors


COLUMNS = ["place", "country", "kind", "region", "name", "language", "used_by", "canonical"]
LANGUAGE_ORDER = {"en": 0, "hy": 1, "hy-Latn": 2, "az": 3, "ru": 4}
COUNTRY_ORDER = {"AM": 0, "AZ": 1}


def write_tsv(places, out):
    out.write("\t".join(COLUMNS) + "\n")
    ordered = sorted(places, key=lambda p: (COUNTRY_ORDER[p.country], p.region, p.slug))
    for place in ordered:
        rows = sorted(place.names.items(), key=lambda item: (
            item[0] != place.canonical, LANGUAGE_ORDER[item[1][0]], fold(item[0]), item[0]))
        for name, (language, used_by, _) in rows:
            out.write("\t".join([place.slug, place.country, place.kind, place.region, name,
                                 language, used_by,
                                 "1" if name == place.canonical else ""]) + "\n")


def report(places, stats, out, verbose):
    out.write("\nGeoNames names dropped, by reason:\n")
    for reason, count in sorted(stats.counts.items(), key=lambda x: -x[1]):
        out.write("  %-22s %5d   e.g. %s\n" % (reason, count,
                                                 "; ".join(stats.examples[reason][:5])))
    out.write("  %-22s %5d\n" % ("total", sum(stats.counts.values())))
    collisions = sum(stats.counts[r] for r in ("ambiguous", "belongs-elsewhere", "homonym"))
    out.write("  names listed under two or more places and dropped: %d\n" % collisions)
    if verbose:
        for reason, slug, name in stats.log:
            out.write("    drop %-22s %-28s %s\n" % (reason, slug, name))
    out.write("\nhomonyms among kept places (spelling -> winner; losers):\n")
    for skel, winner, losers in HOMONYM_LOG:
        out.write("  %-20s -> %-20s %s\n" % (skel, winner.slug if winner else "-",
                                              ", ".join(sorted(p.slug for p in losers))))
    out.write("\nnames kept although a place outside the gazetteer has the same main name:\n")
    for skel, winner, outside in OUTSIDE_LOG:
        out.write("  %-20s -> %-20s also %s\n" % (skel, winner, ", ".join(outside)))
    out.write("\nplaces by country and kind:\n")
    counts = collections.Counter((p.country, p.kind) for p in places)
    for key in sorted(counts):
        out.write("  %s %-8s %4d\n" % (key[0], key[1], counts[key]))
    names = sum(len(p.names) for p in places)
    by_source = collections.Counter(v[2] for p in places for v in p.names.values())
    by_language = collections.Counter(v[0] for p in places for v in p.names.values())
    by_used = collections.Counter(v[1] or "-" for p in places for v in p.names.values())
    out.write("places: %d (GeoNames %d, added by hand %d)\n" % (
        len(places), sum(1 for p in places if p.geonameid),
        sum(1 for p in places if not p.geonameid)))
    out.write("names: %d\n  by source   %s\n  by language %s\n  by used_by  %s\n" % (
        names, dict(by_source), dict(by_language), dict(by_used)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "shared", "gazetteer", "geonames-am-az.tsv")
    parser = argparse.ArgumentParser(description="Build corpus/places.tsv from GeoNames.")
    parser.add_argument("geonames", nargs="?", default=os.path.normpath(default),
                        help="geonames-am-az.tsv (default: ../shared/gazetteer/ beside the repo)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only validation errors on stderr")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every dropped name on stderr")
    args = parser.parse_args()
    rows = read_geonames(args.geonames)
    if not args.quiet:
        print_admin1_table(rows, sys.stderr)
    stats = Stats()
    places = build(rows, stats)
    errors = validate(places)
    if not args.quiet:
        report(places, stats, sys.stderr, args.verbose)
    if errors:
        for error in errors:
            sys.stderr.write("error: %s\n" % error)
        sys.stderr.write("%d validation errors; places.tsv not written\n" % len(errors))
        return 1
    write_tsv(places, sys.stdout)
    if not args.quiet:
        sys.stderr.write("validation passed: one canonical row per place, no folded name "
                         "under two places\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
