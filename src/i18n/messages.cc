#include "i18n/messages.h"

#include <algorithm>
#include <array>

namespace tanzim::i18n {
namespace {

struct Message {
  std::string_view key;
  std::string_view ar;
  std::string_view fr;
  std::string_view en;
};

// Sorted by key (a test checks), looked up by binary search.
constexpr std::array kCatalog = std::to_array<Message>({
    {"error.conflict", "تتعارض العملية مع بيانات مسجلة",
     "L'opération entre en conflit avec des données existantes",
     "The operation conflicts with existing data"},
    {"error.forbidden", "ليست لديك صلاحية القيام بهذه العملية",
     "Vous n'avez pas le droit d'effectuer cette opération", "You are not allowed to do this"},
    {"error.internal", "حدث خطأ داخلي، يرجى المحاولة لاحقا",
     "Une erreur interne est survenue, veuillez réessayer plus tard",
     "An internal error occurred, please try again later"},
    {"error.invalid", "بعض القيم غير صالحة", "Certaines valeurs ne sont pas valides",
     "Some values are not valid"},
    {"error.malformed", "تعذرت قراءة الطلب", "La requête est illisible",
     "The request could not be read"},
    {"error.method_not_allowed", "هذه الطريقة غير مدعومة لهذا المسار",
     "Cette méthode n'est pas prise en charge sur cette route",
     "This method is not supported on this route"},
    {"error.not_found", "العنصر المطلوب غير موجود", "L'élément demandé est introuvable",
     "The requested item was not found"},
    {"error.too_large", "حجم الطلب يتجاوز الحد المسموح به",
     "La requête dépasse la taille autorisée", "The request is larger than allowed"},
    {"error.unauthenticated", "يجب تسجيل الدخول أو تقديم رمز صالح",
     "Une authentification valide est requise", "Valid authentication is required"},
    {"error.unavailable", "الخدمة مشغولة مؤقتا، يرجى إعادة المحاولة",
     "Le service est momentanément occupé, veuillez réessayer",
     "The service is busy, please retry"},
    {"field.cin_invalid", "رقم البطاقة الوطنية غير صالح: حرف أو حرفان متبوعان بأرقام",
     "Numéro de CIN invalide : une ou deux lettres suivies de chiffres",
     "Invalid CIN: one or two letters followed by digits"},
    {"field.cin_taken", "رقم البطاقة الوطنية مسجل لشخص آخر",
     "Ce numéro de CIN est déjà enregistré pour une autre personne",
     "This CIN is already recorded for another person"},
    {"field.code_invalid", "الرمز غير صالح", "Code invalide", "Invalid code"},
    {"field.code_reserved", "هذا الرمز مستعمل لجهة أو إقليم",
     "Ce code est celui d'une région ou d'une province",
     "This code belongs to a region or province"},
    {"field.columns_invalid", "يجب أن تكون الأعمدة: code,name_ar,name_fr,parent_code",
     "Les colonnes doivent être : code,name_ar,name_fr,parent_code",
     "The columns must be: code,name_ar,name_fr,parent_code"},
    {"field.cursor_invalid", "مؤشر الصفحة غير صالح", "Curseur de pagination invalide",
     "Invalid page cursor"},
    {"field.date_future", "التاريخ لا يمكن أن يكون في المستقبل",
     "La date ne peut pas être dans le futur", "The date cannot be in the future"},
    {"field.date_invalid", "تاريخ غير صالح، الصيغة المطلوبة YYYY-MM-DD",
     "Date invalide, format attendu AAAA-MM-JJ", "Invalid date, expected YYYY-MM-DD"},
    {"field.db_unsupported", "نوع قاعدة البيانات غير مدعوم بعد",
     "Ce type de base de données n'est pas encore pris en charge",
     "This kind of database is not supported yet"},
    {"field.duplicate", "القيمة مكررة في الملف", "Valeur en double dans le fichier",
     "Duplicate value in the file"},
    {"field.email_invalid", "عنوان البريد الإلكتروني غير صالح", "Adresse e-mail invalide",
     "Invalid email address"},
    {"field.gender_invalid", "الجنس يجب أن يكون f أو m", "Le genre doit être f ou m",
     "Gender must be f or m"},
    {"field.id_invalid", "المعرف غير صالح", "Identifiant invalide", "Invalid identifier"},
    {"field.invalid_csv", "الملف ليس بصيغة CSV صالحة", "Le fichier n'est pas un CSV valide",
     "The file is not valid CSV"},
    {"field.invalid_json", "صيغة JSON غير صالحة", "JSON invalide", "Invalid JSON"},
    {"field.invalid_utf8", "النص ليس بترميز UTF-8 صالح", "Le texte n'est pas en UTF-8 valide",
     "The text is not valid UTF-8"},
    {"field.kind_invalid", "النوع غير معروف", "Type inconnu", "Unknown kind"},
    {"field.limit_invalid", "الحد يجب أن يكون عددا بين 1 و 500",
     "La limite doit être un entier entre 1 et 500",
     "The limit must be a whole number from 1 to 500"},
    {"field.listen_invalid", "عنوان الاستماع غير صالح", "Adresse d'écoute invalide",
     "Invalid listen address"},
    {"field.login_invalid", "اسم المستخدم من 3 إلى 64 حرفا: a-z و 0-9 و . _ -",
     "Identifiant de 3 à 64 caractères : a-z, 0-9, . _ -",
     "Login of 3 to 64 characters: a-z, 0-9, . _ -"},
    {"field.login_taken", "اسم المستخدم مستعمل", "Cet identifiant est déjà pris",
     "This login is already taken"},
    {"field.login_unknown", "اسم المستخدم غير معروف", "Identifiant inconnu", "Unknown login"},
    {"field.name_required", "يجب إدخال الاسم بالعربية أو بالحروف اللاتينية",
     "Le nom en arabe ou en lettres latines est requis",
     "A name in Arabic or Latin script is required"},
    {"field.not_object", "يجب أن يكون محتوى الطلب كائن JSON", "Le corps doit être un objet JSON",
     "The body must be a JSON object"},
    {"field.out_of_scope", "هذا التراب خارج نطاق صلاحياتك",
     "Ce territoire est hors de votre périmètre", "This territory is outside your scope"},
    {"field.parent_invalid", "الأصل يجب أن يكون إقليما أو عمالة موجودة",
     "Le parent doit être une province ou préfecture existante",
     "The parent must be an existing province or prefecture"},
    {"field.password_length", "كلمة المرور يجب أن تتكون من 8 إلى 128 حرفا",
     "Le mot de passe doit compter de 8 à 128 caractères",
     "The password must be 8 to 128 characters long"},
    {"field.phone_invalid", "رقم هاتف مغربي غير صالح", "Numéro de téléphone marocain invalide",
     "Invalid Moroccan phone number"},
    {"field.required", "هذا الحقل مطلوب", "Ce champ est obligatoire", "This field is required"},
    {"field.role_invalid", "الدور يجب أن يكون admin أو secretary أو viewer",
     "Le rôle doit être admin, secretary ou viewer", "The role must be admin, secretary or viewer"},
    {"field.scope_national", "حساب المسؤول الوطني لا يأخذ نطاقا ترابيا",
     "Un compte admin est national et ne prend pas de périmètre",
     "An admin account is national and takes no scope"},
    {"field.territory_kind", "يجب أن يكون التراب جماعة أو إقليما أو عمالة",
     "Le territoire doit être une commune, une province ou une préfecture",
     "The territory must be a commune, province or prefecture"},
    {"field.territory_unknown", "التراب غير معروف", "Territoire inconnu", "Unknown territory"},
    {"field.text_invalid", "النص يحتوي على رموز غير مسموح بها",
     "Le texte contient des caractères non autorisés",
     "The text contains characters that are not allowed"},
    {"field.too_long", "النص أطول من المسموح به", "Le texte est trop long", "The text is too long"},
    {"field.type_integer", "يجب أن تكون القيمة عددا صحيحا", "La valeur doit être un entier",
     "The value must be a whole number"},
    {"field.type_string", "يجب أن تكون القيمة نصا", "La valeur doit être une chaîne de caractères",
     "The value must be a string"},
    {"field.unknown", "حقل غير معروف", "Champ inconnu", "Unknown field"},
});

const Message* Find(std::string_view key) {
  const auto* it = std::lower_bound(kCatalog.begin(), kCatalog.end(), key,
                                    [](const Message& m, std::string_view k) { return m.key < k; });
  return (it != kCatalog.end() && it->key == key) ? it : nullptr;
}

}  // namespace

std::string_view Translate(std::string_view key, Lang lang) {
  const Message* m = Find(key);
  if (m == nullptr) return key;
  switch (lang) {
    case Lang::kFr:
      return m->fr;
    case Lang::kEn:
      return m->en;
    case Lang::kAr:
      break;
  }
  return m->ar;
}

bool HasMessage(std::string_view key) { return Find(key) != nullptr; }

}  // namespace tanzim::i18n
