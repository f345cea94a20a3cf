#!/usr/bin/env python3
"""Writes signed WhatsApp webhook bodies for `make bench` to replay with wrk.

usage: webhook-bodies.py APP_SECRET PHONE_NUMBER_ID WABA_ID SENDERS COUNT PREFIX

Writes PREFIX.0.txt and PREFIX.1.txt (one file per wrk thread), COUNT lines in all, each
"sha256=<hex HMAC-SHA256 of the body>" TAB body. Every body is one customer text message in
Meta's envelope with a new wamid, senders cycling over SENDERS numbers, Portuguese text and an
emoji escaped as Meta escapes them (the same shape as `sigilo dev webhook-load`).
"""
import hashlib
import hmac
import sys
import time
import uuid

secret, phone_number_id, waba_id, senders, count, prefix = sys.argv[1:7]
senders, count = int(senders), int(count)
key = secret.encode()
stamp = int(time.time())
files = [open("%s.%d.txt" % (prefix, thread), "w") for thread in (0, 1)]
for number in range(count):
    sender = number % senders
    sent_from = "5511" + str(900_000_000 + sender)
    text = "Ol\\u00e1! Quero saber o pre\\u00e7o do produto \\ud83d\\ude42 pedido %d" % number
    body = (
        '{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages",'
        '"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000001",'
        '"phone_number_id":"%s"},"contacts":[{"profile":{"name":"Cliente %d"},'
        '"wa_id":"%s"}],"messages":[{"from":"%s","id":"wamid.bench.%s",'
        '"timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}'
        % (waba_id, phone_number_id, sender, sent_from, sent_from, uuid.uuid4(), stamp, text)
    )
    signature = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    files[number % 2].write("sha256=%s\t%s\n" % (signature, body))
for handle in files:
    handle.close()
