#!/usr/bin/env python3
# A lone ffmpeg playing a clip as a live camera (-re, looping) with the agent's frame selection: each selected
# frame's lateness against the stream clock. Prints the four latest frames (arrival − pts, minus the promptest: the
# agent's decoder-lag measure) and the distribution of arrival − pts itself (process start included, so compare runs,
# not absolute values). Extra arguments are ffmpeg input options, e.g. -thread_type frame against -thread_type slice.
# Usage: python3 tools/decoder_lag.py CLIP SECONDS [ffmpeg input options…]
import subprocess, time, re, sys
clip=sys.argv[1]; secs=float(sys.argv[2]); extra=sys.argv[3:]
t0=time.monotonic()
p=subprocess.Popen(['ffmpeg','-nostdin','-hide_banner']+extra+['-re','-stream_loop','-1','-i',clip,'-vf',"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.18)',showinfo",'-f','null','-'],stderr=subprocess.PIPE,text=True)
base=1e9; rows=[]
for line in p.stderr:
    m=re.search(r'pts_time:(\S+)',line)
    if not m: continue
    now=time.monotonic()-t0; pts=float(m.group(1)); off=now-pts
    base=min(base,off); rows.append((now,pts,off))
    if now>secs: break
p.kill()
for now,pts,off in sorted(rows,key=lambda r:-r[2])[:4]: print('%.2f %.3f lag %.3f'%(now,pts,off-base))
s=sorted(r[2] for r in rows); n=len(s)
print('arrival - pts: p50 %.3f p95 %.3f max %.3f s (%d frames%s)'%(s[n//2],s[int(n*0.95)],s[-1],n,(', '+' '.join(extra)) if extra else ''))
