#include "bodies/body_names.h"

#include <array>
#include <string_view>

namespace tanzim::bodies {
namespace {

struct KindNames {
  std::string_view ar;
  std::string_view fr;
};

std::optional<KindNames> NamesOf(Kind kind) {
  switch (kind) {
    case Kind::kGeneralSecretariat:
      return KindNames{"الأمانة العامة", "Secrétariat général"};
    case Kind::kPoliticalBureau:
      return KindNames{"المكتب السياسي", "Bureau politique"};
    case Kind::kNationalCouncil:
      return KindNames{"المجلس الوطني", "Conseil national"};
    case Kind::kParliamentaryGroup:
      return KindNames{"الفريق البرلماني", "Groupe parlementaire"};
    case Kind::kRegionalSecretariat:
      return KindNames{"الأمانة الجهوية", "Secrétariat régional"};
    case Kind::kProvincialSecretariat:
      return KindNames{"الأمانة الإقليمية", "Secrétariat provincial"};
    case Kind::kLocalSecretariat:
      return KindNames{"الأمانة المحلية", "Secrétariat local"};
    case Kind::kWomensOrganization:
      return KindNames{"منظمة النساء", "Organisation des femmes"};
    case Kind::kYouthOrganization:
      return KindNames{"منظمة الشباب", "Organisation des jeunes"};
    case Kind::kProfessionalsOrganization:
      return KindNames{"منظمة المهنيين", "Organisation des professionnels"};
    case Kind::kPreparatoryCommittee:
      return KindNames{"اللجنة التحضيرية", "Comité préparatoire"};
    case Kind::kPole:
    case Kind::kCommittee:
      return std::nullopt;
  }
  return std::nullopt;
}

// "بإقليم مولاي يعقوب": the territory with the word for its level.
std::string ArabicPlace(const territory::Territory& where) {
  std::string_view level;
  switch (where.kind) {
    case territory::Kind::kRegion:
      level = "بجهة ";
      break;
    case territory::Kind::kProvince:
      level = "بإقليم ";
      break;
    case territory::Kind::kPrefecture:
      level = "بعمالة ";
      break;
    case territory::Kind::kCommune:
      level = "بجماعة ";
      break;
  }
  return std::string(level) + where.name_ar;
}

// "de Moulay Yacoub", "d'Errachidia": French elides before a vowel or mute h.
std::string FrenchOf(std::string_view name) {
  static constexpr std::array<std::string_view, 13> kElidingStarts{
      "A", "E", "I", "O", "U", "H", "Â", "É", "È", "Ê", "Î", "Ô", "Ï"};
  for (const std::string_view start : kElidingStarts) {
    if (name.starts_with(start)) return "d'" + std::string(name);
  }
  return "de " + std::string(name);
}

}  // namespace

std::optional<DisplayNames> DeriveNames(Kind kind, const std::optional<territory::Territory>& where,
                                        std::optional<Kind> founds_kind) {
  const auto names = NamesOf(kind);
  if (!names) return std::nullopt;
  DisplayNames out{std::string(names->ar), std::string(names->fr)};
  if (kind == Kind::kPreparatoryCommittee) {
    // "اللجنة التحضيرية لتأسيس الأمانة المحلية بجماعة عين الشقف"
    const auto founded = founds_kind ? NamesOf(*founds_kind) : std::nullopt;
    if (!founded) return std::nullopt;
    out.ar += " لتأسيس ";
    out.ar += founded->ar;
    out.fr += " : ";
    out.fr += founded->fr;
  }
  if (where) {
    out.ar += ' ';
    out.ar += ArabicPlace(*where);
    out.fr += ' ';
    out.fr += FrenchOf(where->name_fr);
  }
  return out;
}

}  // namespace tanzim::bodies
