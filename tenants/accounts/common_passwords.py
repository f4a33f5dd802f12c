"""Passwords and password stems that appear at the top of every leaked-password list.

A password is refused when it is one of these, or one of these followed only by digits and
symbols ("Galatasaray1905!"), compared case-insensitively. Short entries still matter because
of that second rule.
"""

from __future__ import annotations

_LIST = """
    123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 0987654321 987654321
    111111 1111111111 000000 0000000000 121212 123123 123321 112233 654321 666666 696969
    password passw0rd p@ssword p@ssw0rd parola parolam sifre sifrem şifre şifrem gizli
    qwerty qwertyu qwertyui qwertyuiop qwertz asdfgh asdfghjk asdfghjkl zxcvbn zxcvbnm
    1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc qazwsx qweasd qweasdzxc
    abc123 abcd1234 abcdef abcdefgh aa123456 a1b2c3 a1b2c3d4 q1w2e3r4 q1w2e3r4t5
    iloveyou seniseviyorum askim aşkım sevgilim canim canım bebegim bebeğim hayatim hayatım
    admin administrator yonetici root master letmein welcome hosgeldin hoşgeldin changeme
    default guest test tester demo login user kullanici merhaba selam
    galatasaray fenerbahce fenerbahçe besiktas beşiktaş trabzonspor bursaspor karsiyaka
    cimbom fener kartal turkiye türkiye istanbul ankara izmir antalya bursa atakan
    ataturk atatürk mustafakemal tayyip allah bismillah muhammed mehmet ahmet ayse ayşe
    fatma mustafa ali veli zeynep elif emre burak murat
    football baseball basketball soccer dragon monkey shadow sunshine princess superman
    batman starwars pokemon minecraft freedom whatever trustno1 michael jennifer jordan
    computer internet google facebook instagram samsung iphone apple microsoft
    izinhub iys
"""
COMMON_PASSWORDS = frozenset(_LIST.split())
