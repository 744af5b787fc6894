#!/usr/bin/env python3
# A lone ffmpeg playing a clip as a live camera (-re, looping) with the agent's frame selection: each selected
# frame's lateness against the stream clock (arrival − pts, minus the promptest). Usage: python3 tools/decoder_lag.py CLIP SECONDS
import subprocess, time, re, sys
clip=sys.argv[1]; secs=float(sys.argv[2])
p=subprocess.Popen(['ffmpeg','-nostdin','-hide_banner','-re','-stream_loop','-1','-i',clip,'-vf',"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.18)',showinfo",'-f','null','-'],stderr=subprocess.PIPE,text=True)
t0=time.monotonic(); base=1e9; rows=[]
for line in p.stderr:
    m=re.search(r'pts_time:(\S+)',line)
    if not m: continue
    now=time.monotonic()-t0; pts=float(m.group(1)); off=now-pts
    base=min(base,off); rows.append((now,pts,off-base))
    if now>secs: break
p.kill()
for r in sorted(rows,key=lambda r:-r[2])[:4]: print('%.2f %.3f lag %.3f'%r)
