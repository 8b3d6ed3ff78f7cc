-- csdesk schema, version 6: phone numbers as libphonenumber reads them (src/rules/phone.cpp).
-- A service number written with a trunk 0 (0400 1234567, 0800…, 0950…) was stored as if 0400,
-- 0800 and 0950 were area codes (0400-1234567); it is 400-123-4567 (800-…, 950-…) now. Every
-- other number valid before keeps its form. csdesk_phone() is the current normalise_phone, or its
-- argument unchanged when that refuses it: a number libphonenumber rejects stays as an older
-- csdesk stored it, nothing is lost. Before this runs, the program refuses the upgrade if two
-- customers would end up with the same phone (src/store/database.cpp).
UPDATE customers SET phone = csdesk_phone(phone) WHERE phone IS NOT NULL AND csdesk_phone(phone) IS NOT phone;
UPDATE staff SET phone = csdesk_phone(phone) WHERE phone IS NOT NULL AND csdesk_phone(phone) IS NOT phone;
