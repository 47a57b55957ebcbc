// Pages that do not say their encoding and are not UTF-8: their titles must still come out
// right, as a browser shows them. Each page is news-like text in its language, written for
// this test and encoded with iconv; no page declares its encoding anywhere.
#include <gtest/gtest.h>
#include <iconv.h>

#include <set>

#include "fetch/html/title.hpp"
#include "html/detect.hpp"

namespace fetch {
namespace {

struct Sample {
    const char* iconv_name;        // how glibc names the encoding
    std::set<std::string> accept;  // the WHATWG names that decode this text right
    const char* title;
    const char* text;
};

const Sample samples[] = {
    {"SHIFT_JIS",
     {"shift_jis"},
     "東京の天気予報",
     "今日の東京は晴れのち曇り、最高気温は二十三度の予想です。午後から北風が強まり、夜には所により雨が降るで"
     "しょう。"
     "お出かけの際は傘をお持ちください。明日は全国的に高気圧に覆われ、秋らしい穏やかな一日となりそうです。"},
    {"EUC-JP",
     {"euc-jp"},
     "大阪の交通情報",
     "大阪市内では朝から道路が混雑しており、特に環状線の周辺で渋滞が続いています。警察によると、事故の影響で"
     "一部の"
     "車線が通行止めになっているとのことです。公共交通機関の利用をおすすめします。"},
    {"ISO-2022-JP",
     {"iso-2022-jp"},
     "京都の観光案内",
     "京都には古いお寺や神社がたくさんあり、一年を通して多くの観光客が訪れます。春は桜、秋は紅葉が美しく、"
     "特に嵐山や清水寺の周辺はとても賑わいます。"},
    {"GBK",
     {"gbk", "gb18030"},
     "北京今日新闻",
     "北京市政府今天宣布，将在未来三年内新建二十座公园，改善市民的生活环境。市民普遍表示欢迎，认为这项计划有"
     "助于"
     "缓解城市的空气污染问题。专家建议，在建设过程中应当充分考虑生态保护和交通便利。"},
    {"BIG5",
     {"big5"},
     "台北市政府公告",
     "臺北市政府今日發布公告，明年起將全面推動垃圾分類政策，並加強資源回收的宣導工作。市民若有任何疑問，可撥"
     "打服務"
     "專線洽詢。市長表示，這項政策需要全體市民共同配合，才能達到減量的目標。"},
    {"EUC-KR",
     {"euc-kr"},
     "서울 날씨 예보",
     "오늘 서울은 대체로 맑겠으나 오후 늦게 구름이 많아지겠습니다. 낮 최고 기온은 이십오 도로 어제보다 조금 "
     "높겠습니다. "
     "내일은 전국이 흐리고 남부 지방을 중심으로 비가 내리겠습니다. 외출하실 때 우산을 챙기시기 바랍니다."},
    {"WINDOWS-1251",
     {"windows-1251"},
     "Новости Москвы",
     "Сегодня в Москве открылась новая станция метро, которая соединит северные районы города с центром. По "
     "словам "
     "мэра, строительство заняло четыре года и обошлось городу в несколько миллиардов рублей. Жители района "
     "давно ждали "
     "этого события и уже оценили удобство нового маршрута."},
    {"KOI8-R",
     {"koi8-r", "koi8-u"},
     "Погода в Санкт-Петербурге",
     "В Санкт-Петербурге сегодня облачно, временами пройдёт небольшой дождь. Температура воздуха днём "
     "составит около "
     "двенадцати градусов. Синоптики советуют жителям города взять с собой зонт и тёплую одежду."},
    {"KOI8-U",
     {"koi8-u"},
     "Новини Києва",
     "Сьогодні в Києві відбулося урочисте відкриття нового мосту через Дніпро. Міський голова подякував "
     "будівельникам "
     "за їхню працю і зазначив, що міст значно покращить рух транспорту між лівим і правим берегом. Мешканці "
     "столиці з "
     "нетерпінням чекали на цю подію."},
    {"WINDOWS-1251",
     {"windows-1251"},
     "Новини от София",
     "Столичната община обяви днес, че през следващата година ще бъдат ремонтирани над сто улици в центъра "
     "на града. "
     "Кметът заяви, че ремонтите ще се извършват поетапно, за да се избегнат големи задръствания. Жителите "
     "очакват с "
     "нетърпение по-добра инфраструктура."},
    {"WINDOWS-1250",
     {"windows-1250", "iso-8859-2"},
     "Zprávy z Prahy – Karlův most",
     "Pražský magistrát dnes oznámil, že v příštím roce začne rozsáhlá rekonstrukce Karlova mostu. Práce "
     "potrvají "
     "přibližně dva roky a most zůstane po celou dobu přístupný chodcům. Památkáři zdůrazňují, že oprava je "
     "nezbytná "
     "kvůli poškození, které způsobily povodně a mrazy."},
    {"ISO-8859-2",
     {"iso-8859-2", "windows-1250"},
     "Wiadomości z Krakowa",
     "Władze Krakowa ogłosiły dziś, że w przyszłym roku rozpocznie się remont zabytkowego rynku. Prace "
     "potrwają kilka "
     "miesięcy, a turyści będą mogli zwiedzać miasto bez większych utrudnień. Mieszkańcy chętnie przyjęli tę "
     "wiadomość, choć obawiają się hałasu i zamieszania."},
    {"WINDOWS-1253",
     {"windows-1253", "iso-8859-7"},
     "Ειδήσεις από την Αθήνα",
     "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την ενίσχυση του τουρισμού στην Αθήνα και στα νησιά. "
     "Σύμφωνα με τον "
     "υπουργό, οι επισκέπτες αναμένεται να αυξηθούν σημαντικά τον επόμενο χρόνο. Οι επαγγελματίες του κλάδου "
     "χαιρέτισαν την απόφαση και ζήτησαν περισσότερη στήριξη."},
    {"WINDOWS-1255",
     {"windows-1255", "iso-8859-8"},
     "חדשות מירושלים",
     "עיריית ירושלים הודיעה היום על פתיחת קו רכבת קלה חדש שיחבר את שכונות הצפון למרכז העיר. לדברי ראש "
     "העירייה, הקו "
     "יקצר משמעותית את זמן הנסיעה של אלפי תושבים בכל יום. העבודות נמשכו כשלוש שנים והסתיימו לפני המועד "
     "שנקבע."},
    {"WINDOWS-1254",
     {"windows-1254"},
     "İstanbul Haberleri",
     "İstanbul Büyükşehir Belediyesi bugün yaptığı açıklamada, şehirdeki toplu taşıma ağının "
     "genişletileceğini duyurdu. "
     "Yeni metro hatlarının önümüzdeki iki yıl içinde hizmete girmesi bekleniyor. Vatandaşlar, trafik "
     "sorununun "
     "çözülmesi için bu projelerin büyük önem taşıdığını söylüyor."},
    {"CP874",
     {"windows-874"},
     "ข่าวกรุงเทพ",
     "วันนี้กรุงเทพมหานครประกาศแผนการพัฒนาระบบขนส่งสาธารณะใหม่ เพื่อลดปัญหาการจราจรติดขัดในเขตเมือง "
     "ผู้ว่าราชการกล่าวว่าโครงการนี้จะช่วยให้ประชาชนเดินทางได้สะดวกและรวดเร็วยิ่งขึ้น"},
    {"WINDOWS-1256",
     {"windows-1256"},
     "أخبار القاهرة",
     "أعلنت الحكومة المصرية اليوم عن خطة جديدة لتطوير شبكة النقل العام في القاهرة الكبرى. وقال الوزير إن "
     "المشروع سيساهم "
     "في تخفيف الازدحام المروري وتحسين جودة الحياة للمواطنين. ومن المتوقع أن تبدأ الأعمال في مطلع العام "
     "المقبل."},
    {"WINDOWS-1252",
     {"windows-1252"},
     "Actualités de Paris",
     "La mairie de Paris a annoncé aujourd'hui la création de nouvelles pistes cyclables dans plusieurs "
     "arrondissements. Selon l'adjoint chargé des transports, ces aménagements permettront de réduire la "
     "circulation "
     "automobile et d'améliorer la qualité de l'air. Les habitants ont accueilli la nouvelle avec "
     "enthousiasme, même si "
     "certains commerçants s'inquiètent des travaux à venir."},
    {"WINDOWS-1252",
     {"windows-1252"},
     "Nachrichten aus München",
     "Die Stadt München hat heute bekanntgegeben, dass im nächsten Frühjahr mit dem Bau einer neuen "
     "Straßenbahnlinie "
     "begonnen wird. Die Strecke soll die südlichen Stadtteile besser an das Zentrum anbinden. Anwohner "
     "begrüßen das "
     "Vorhaben, äußern aber Bedenken wegen möglicher Lärmbelästigung während der Bauarbeiten."},
    {"WINDOWS-1252",
     {"windows-1252"},
     "Noticias de Madrid",
     "El ayuntamiento de Madrid anunció ayer que ampliará el horario del metro durante los fines de semana. "
     "La medida, "
     "según explicó el alcalde, busca facilitar el transporte de los jóvenes y reducir el uso del coche por "
     "la noche. "
     "Los usuarios valoran positivamente la decisión, aunque piden más frecuencia en las líneas "
     "periféricas."},
};

std::string encode(const std::string& utf8, const char* to) {
    const iconv_t cd = iconv_open(to, "UTF-8");
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << to;
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* at = out.data();
    std::size_t in_left = utf8.size(), out_left = out.size();
    EXPECT_NE(iconv(cd, &in, &in_left, &at, &out_left), static_cast<std::size_t>(-1)) << to;
    iconv(cd, nullptr, nullptr, &at, &out_left);  // ISO-2022-JP: back to ASCII at the end
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string page(const Sample& sample) {
    const std::string text(sample.text);
    return "<!DOCTYPE html><html><head><title>" + std::string(sample.title) + "</title></head><body><h1>" +
           sample.title + "</h1><p>" + text + "</p><p>" + text + "</p></body></html>";
}

struct Seen {
    std::optional<std::string> title;
    std::string encoding, source;
};

Seen extract(const std::string& bytes, std::string_view content_type = "text/html") {
    TitleExtractor extractor(content_type);
    for (std::size_t at = 0; at < bytes.size() && extractor.feed(std::string_view(bytes).substr(at, 1500));
         at += 1500) {
    }
    extractor.finish();
    return {extractor.title(), std::string(extractor.encoding()), std::string(extractor.encoding_source())};
}

TEST(Detect, UndeclaredLegacyPagesGiveTheirTitles) {
    std::size_t right = 0;
    for (const Sample& sample : samples) {
        const Seen seen = extract(encode(page(sample), sample.iconv_name));
        const bool ok = seen.title == std::string(sample.title) && sample.accept.count(seen.encoding);
        EXPECT_TRUE(ok) << sample.iconv_name << ": " << seen.title.value_or("(none)") << " as "
                        << seen.encoding;
        if (sample.accept.count("windows-1252")) {
            EXPECT_TRUE(seen.source == "detected" || seen.source == "default") << seen.source;
        } else {
            EXPECT_EQ(seen.source, "detected") << sample.iconv_name;
        }
        right += ok ? 1 : 0;
    }
    std::cout << right << " of " << std::size(samples) << " legacy pages right\n";
}

// A title can be the only text of its language on a page.
TEST(Detect, TitleOnlyPagesToo) {
    for (const std::size_t i : {0u, 1u, 3u, 4u, 5u, 6u, 9u, 12u, 13u, 15u}) {
        const Sample& sample = samples[i];
        const std::string bytes = encode("<!DOCTYPE html><html><head><title>" + std::string(sample.title) +
                                             "</title></head><body><p>Home</p></body></html>",
                                         sample.iconv_name);
        const Seen seen = extract(bytes);
        EXPECT_EQ(seen.title, std::string(sample.title)) << sample.iconv_name << " as " << seen.encoding;
    }
}

TEST(Detect, OnlyTheFallbackPathDetects) {
    const Sample& russian = samples[6];
    const std::string bytes = encode(page(russian), russian.iconv_name);
    // A declaration wins, even a wrong one: windows-1252 as the header says, not Cyrillic.
    const Seen declared = extract(bytes, "text/html; charset=windows-1252");
    EXPECT_EQ(declared.encoding, "windows-1252");
    EXPECT_EQ(declared.source, "header");
    // UTF-8 is taken as UTF-8, not detected as anything else.
    const Seen utf8 = extract(page(russian));
    EXPECT_EQ(utf8.title, std::string(russian.title));
    EXPECT_EQ(utf8.encoding, "utf-8");
    EXPECT_EQ(utf8.source, "default");
}

TEST(Detect, AFewAccentsAreNotEnoughToLeaveWindows1252) {
    for (const char* title :
         {"café crème", "Über uns – Müller & Söhne", "Año nuevo en España", "Não há pão"}) {
        const Seen seen = extract(
            encode("<title>" + std::string(title) + "</title><p>Welcome to our site.</p>", "WINDOWS-1252"));
        EXPECT_EQ(seen.title, std::string(title)) << seen.encoding;
        EXPECT_EQ(seen.encoding, "windows-1252") << title;
    }
}

TEST(Detect, NeverAnEncodingOutsideTheStandard) {
    for (const auto& [name, sample] :
         {std::pair{"UTF-16LE", samples[5]}, std::pair{"ISO-2022-KR", samples[5]},
          std::pair{"EUC-TW", samples[4]}}) {
        const std::string bytes = encode(sample.text, name);
        const std::string_view detected = encoding::detect(bytes);
        EXPECT_TRUE(detected != "utf-16le" && detected != "replacement" && detected != "utf-16be") << name;
    }
    EXPECT_TRUE(encoding::has_iso_2022_jp_escapes("a\x1b$Bxx\x1b(Bb"));
    EXPECT_FALSE(encoding::has_iso_2022_jp_escapes("plain \x1b[0m text"));
}

}  // namespace
}  // namespace fetch
